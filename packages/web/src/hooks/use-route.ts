import { useCallback, useEffect, useState } from 'react';
import { chatRoute, entryState, parseRoute, routePath, type EntryState, type Route } from '../lib/routes.js';

export interface Navigate {
  (route: Route, options?: { replace?: boolean }): void;
}

/**
 * A page opened straight at a chat (a link, a bookmark) gets the chat list beneath it in the
 * history, so that Back, or a phone's back gesture, leads to the list rather than out of the app.
 * A reload keeps its entries (they carry our state), so nothing is added twice.
 */
function settleFirstEntry(): void {
  const route = parseRoute(location.pathname);
  if (entryState()) return;
  if (route.page === 'chat' && route.room !== null) {
    history.replaceState({ parley: 1 } satisfies EntryState, '', routePath(chatRoute()));
    history.pushState({ parley: 1, overList: true } satisfies EntryState, '', routePath(route) + location.search);
  } else {
    history.replaceState({ parley: 1 } satisfies EntryState, '', location.href);
  }
}

/** The page shown, kept in the address bar so that Back, Forward, reload and links work. */
export function useRoute(): [Route, Navigate] {
  const [route, setRoute] = useState<Route>(() => {
    settleFirstEntry();
    return parseRoute(location.pathname);
  });

  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback<Navigate>((next, options = {}) => {
    const path = routePath(next);
    if (location.pathname !== path) {
      const from = parseRoute(location.pathname);
      const state: EntryState = { parley: 1, ...(from.page === 'chat' && from.room === null && next.page === 'chat' && next.room !== null ? { overList: true } : {}) };
      if (options.replace) history.replaceState({ ...state, overList: entryState()?.overList }, '', path);
      else history.pushState(state, '', path);
    }
    setRoute(next);
  }, []);

  return [route, navigate];
}

/** Leaves a chat for the list: the way Back would, when the list is the entry before. */
export function backToList(navigate: Navigate): void {
  if (entryState()?.overList) history.back();
  else navigate(chatRoute(), { replace: true });
}

/** Remembers where one stood in the chat of the current entry (kept across a reload). */
export function saveScrollPlace(place: EntryState['scroll']): void {
  const state = entryState() ?? { parley: 1 };
  history.replaceState({ ...state, scroll: place }, '', location.href);
}
