import type { MePatchBody, MessageSearchReply, MySettings, MyStatus, NotifyLevel, NotifyReply, PeopleReply, PresenceStatus, Receipt, ReceiptsReply, RoomFile, RoomFilesReply } from '@parley/protocol';
import {
  ParleyError,
  isErrorCode,
  type FoundUser,
  type HistoryEntry,
  type BlocksReply,
  type EditsReply,
  type Invitation,
  type InvitationsReply,
  type MeReply,
  type MessageVersion,
  type MyRoomsReply,
  type PublicUser,
  type Room,
  type SigninBody,
  type SigninReply,
  type SignupBody,
  type SignupReply,
  type User,
  type UserExport,
  type UsersReply,
} from '@parley/protocol';

export type FetchLike = (input: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

/** `GET /api/search` parameters (docs/protocol.md, "Message search"). */
export interface MessageSearchParams {
  q?: string;
  room?: string;
  limit?: number;
  cursor?: string;
  tz?: string;
  sort?: 'recent' | 'relevance';
}

/** Narrowings of `GET /api/users`. */
export interface UserSearchFilters {
  online?: boolean;
  status?: PresenceStatus;
  /** Members of this room only. */
  room?: string;
}

/** Narrowings of `GET /api/rooms`. */
export interface RoomSearchFilters {
  joined?: boolean;
  kind?: 'room' | 'group';
}

/** Booleans as the query string spells them. */
function stringified(filters: object): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(filters).map(([k, v]: [string, unknown]) => [k, v === undefined ? undefined : String(v)]));
}

export interface HistoryOptions {
  /** Entries with seq below this, newest first. */
  before?: number;
  /** Entries with seq above this, oldest first (catching up). */
  after?: number;
  limit?: number;
}

/** Parley's HTTP API. Every failure rejects with a ParleyError carrying the server's code. */
export class HttpApi {
  token: string | null;

  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: FetchLike,
    token: string | null,
  ) {
    this.token = token;
  }

  async signup(body: SignupBody): Promise<User> {
    return (await this.call<SignupReply>('POST', '/api/signup', body, false)).user;
  }

  /** Signs in and keeps the token for later calls and for the WebSocket. */
  async signin(body: SigninBody): Promise<SigninReply> {
    const reply = await this.call<SigninReply>('POST', '/api/signin', body, false);
    this.token = reply.token;
    return reply;
  }

  /** Ends this token's session on the server (every socket opened with it closes too). */
  async signout(): Promise<void> {
    try {
      await this.call('POST', '/api/signout', undefined, true);
    } finally {
      this.token = null;
    }
  }

  async changePassword(oldPassword: string, newPassword: string): Promise<User> {
    const reply = await this.call<SigninReply>('POST', '/api/password', { oldPassword, newPassword }, true);
    this.token = reply.token;
    return reply.user;
  }

  async me(): Promise<User> {
    return (await this.call<MeReply>('GET', '/api/me', undefined, true)).user;
  }

  /** The caller's status as stored. */
  async myStatus(): Promise<MyStatus> {
    return (await this.call<MeReply>('GET', '/api/me', undefined, true)).status;
  }

  /** The caller's settings (read receipts on or off). */
  async settings(): Promise<MySettings> {
    return (await this.call<MeReply>('GET', '/api/me', undefined, true)).settings;
  }

  /** Changes some of the caller's settings; returns them all. */
  async updateSettings(patch: MePatchBody): Promise<MySettings> {
    return (await this.call<MeReply>('PATCH', '/api/me', patch, true)).settings;
  }

  /** Sets one's notification level for a chat (null: the default for its kind); returns the level in force. */
  async setNotifyLevel(room: string, level: NotifyLevel | null): Promise<NotifyLevel> {
    return (await this.call<NotifyReply>('PUT', `/api/rooms/${encodeURIComponent(room)}/notify`, { level }, true)).notify;
  }

  /** How far the room's other members have read it (members only; empty while one's own receipts are off). */
  async receipts(room: string): Promise<Receipt[]> {
    return (await this.call<ReceiptsReply>('GET', `/api/rooms/${encodeURIComponent(room)}/receipts`, undefined, true)).receipts;
  }

  /** The caller's data request: their account and every chat they are in, as one document. */
  async exportMyData(): Promise<UserExport> {
    return this.call<UserExport>('GET', '/api/me/export', undefined, true);
  }

  /**
   * People one may find: co-members by name or phone start, anyone by their whole number;
   * `filters` narrow them to a room's members and by presence (shown for co-members only).
   */
  async searchUsers(q = '', limit?: number, filters: UserSearchFilters = {}): Promise<FoundUser[]> {
    return (await this.call<UsersReply>('GET', `/api/users${query({ q, limit, ...stringified(filters) })}`, undefined, true)).users;
  }

  /**
   * Messages in the caller's rooms matching a query in the search language (docs/protocol.md),
   * newest first or (`sort: 'relevance'`) best match first; `total` counts them all.
   */
  async searchMessages(params: MessageSearchParams): Promise<MessageSearchReply> {
    return this.call<MessageSearchReply>('GET', `/api/search${query({ ...params })}`, undefined, true);
  }

  /** Rooms by name or description; `filters` narrow them to those one is (or is not) in, and to a kind. */
  async searchRooms(q = '', limit?: number, filters: RoomSearchFilters = {}): Promise<Room[]> {
    return (await this.call<{ rooms: Room[] }>('GET', `/api/rooms${query({ q, limit, ...stringified(filters) })}`, undefined, true)).rooms;
  }

  /** A page of the rooms and private chats the caller belongs to, most recently active first. */
  /** A page of everyone the caller shares a room with, by name. */
  async people(cursor?: string, limit?: number): Promise<PeopleReply> {
    return this.call<PeopleReply>('GET', `/api/me/people${query({ cursor, limit })}`, undefined, true);
  }

  async myRooms(cursor?: string, limit?: number): Promise<MyRoomsReply> {
    return this.call<MyRoomsReply>('GET', `/api/me/rooms${query({ cursor, limit })}`, undefined, true);
  }

  /** Every version of a message's text (its sender only). */
  async versions(room: string, seq: number): Promise<MessageVersion[]> {
    return (await this.call<EditsReply>('GET', `/api/rooms/${encodeURIComponent(room)}/messages/${seq}/edits`, undefined, true)).edits;
  }

  /** A room's members with their online state (members only). */
  async members(room: string): Promise<PublicUser[]> {
    return (await this.call<{ members: PublicUser[] }>('GET', `/api/rooms/${encodeURIComponent(room)}/members`, undefined, true)).members;
  }

  async history(room: string, options: HistoryOptions = {}): Promise<HistoryEntry[]> {
    const path = `/api/rooms/${encodeURIComponent(room)}/messages${query({ ...options })}`;
    return (await this.call<{ messages: HistoryEntry[] }>('GET', path, undefined, true)).messages;
  }

  /** A page of history centred on `seq`, oldest first (for opening a chat at a search result). */
  async historyAround(room: string, seq: number, limit?: number): Promise<HistoryEntry[]> {
    const path = `/api/rooms/${encodeURIComponent(room)}/messages${query({ around: seq, limit })}`;
    return (await this.call<{ messages: HistoryEntry[] }>('GET', path, undefined, true)).messages;
  }

  /** The files shared in a room, newest message first (members only). */
  async roomFiles(room: string, options: { before?: number; limit?: number } = {}): Promise<RoomFile[]> {
    return (await this.call<RoomFilesReply>('GET', `/api/rooms/${encodeURIComponent(room)}/files${query({ ...options })}`, undefined, true)).files;
  }

  /**
   * Sets the HttpOnly media cookie by which this browser's <img> and <video> load files
   * (they cannot send the Authorization header). Call after signing in and on each start.
   */
  async enableMediaCookie(): Promise<void> {
    await this.call('POST', '/api/uploads/cookie', undefined, true);
  }

  /** Invitations waiting for the caller, newest first. */
  async invitations(): Promise<Invitation[]> {
    return (await this.call<InvitationsReply>('GET', '/api/me/invitations', undefined, true)).invitations;
  }

  /** The people the caller blocked. */
  async blocked(): Promise<User[]> {
    return (await this.call<BlocksReply>('GET', '/api/me/blocks', undefined, true)).blocked;
  }

  /** Blocks someone: no invitation and no new private chat from them. */
  async block(phone: string): Promise<void> {
    await this.call('POST', '/api/blocks', { phone }, true);
  }

  async unblock(phone: string): Promise<void> {
    await this.call('DELETE', `/api/blocks/${encodeURIComponent(phone)}`, undefined, true);
  }

  async health(): Promise<boolean> {
    try {
      await this.call('GET', '/api/health', undefined, false);
      return true;
    } catch {
      return false;
    }
  }

  private async call<T>(method: string, path: string, body: unknown, authed: boolean): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (authed && this.token) headers.authorization = `Bearer ${this.token}`;
    let response: Awaited<ReturnType<FetchLike>>;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch {
      throw new ParleyError('unavailable', 'Cannot reach the server.');
    }
    const text = await response.text();
    const parsed: unknown = text ? safeJson(text) : undefined;
    if (response.status >= 400) throw toError(response.status, parsed);
    return parsed as T;
  }
}

function query(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toError(status: number, body: unknown): ParleyError {
  const error = (body as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | undefined)?.error;
  if (error && isErrorCode(error.code)) {
    const fields = Array.isArray(error.fields) ? (error.fields as { field: string; message: string }[]) : undefined;
    return new ParleyError(error.code, String(error.message ?? error.code), fields);
  }
  return new ParleyError(status >= 500 ? 'internal' : 'invalid_input', `HTTP ${status}`);
}
