/** Every place in the app has a URL: the pages, each chat, and each message of a chat. */
export type Route =
  | { page: 'welcome' }
  | { page: 'signin' }
  | { page: 'signup' }
  /** The chat list (on a phone) or the list beside "Pick a chat"; a room, and a message in it. */
  | { page: 'chat'; room: string | null; seq: number | null; people?: true };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/signin') return { page: 'signin' };
  if (path === '/signup') return { page: 'signup' };
  if (path === '/chat') return { page: 'chat', room: null, seq: null };
  // Everyone one shares a room with, by presence, in place of the chat list.
  if (path === '/people') return { page: 'chat', room: null, seq: null, people: true };
  const match = /^\/chat\/([^/]+)(?:\/(\d+))?$/.exec(path);
  if (match?.[1]) {
    let room: string;
    try {
      room = decodeURIComponent(match[1]);
    } catch {
      return { page: 'chat', room: null, seq: null };
    }
    return { page: 'chat', room, seq: match[2] ? Number(match[2]) : null };
  }
  return { page: 'welcome' };
}

export function routePath(route: Route): string {
  switch (route.page) {
    case 'welcome':
      return '/';
    case 'signin':
      return '/signin';
    case 'signup':
      return '/signup';
    case 'chat':
      if (route.people) return '/people';
      if (route.room === null) return '/chat';
      return `/chat/${encodeURIComponent(route.room)}${route.seq !== null ? `/${route.seq}` : ''}`;
  }
}

export type ChatRoute = Extract<Route, { page: 'chat' }>;

export const chatRoute = (room: string | null = null, seq: number | null = null): ChatRoute => ({ page: 'chat', room, seq });

export const peopleRoute: ChatRoute = { page: 'chat', room: null, seq: null, people: true };

/** Where one stood in a chat: at the newest message, or a message's top this far (px) from the top of the view. */
export type ScrollPlace = { atLatest: true } | { atLatest: false; seq: number; offset: number };

/** What the app keeps in each history entry. */
export interface EntryState {
  parley: 1;
  /** The entry before this one is the chat list: Back there is history.back(). */
  overList?: boolean;
  scroll?: ScrollPlace;
}

export function entryState(): EntryState | null {
  const state = history.state as Partial<EntryState> | null;
  return state && state.parley === 1 ? (state as EntryState) : null;
}
