import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { ParleyClient } from '@parley/client';
import { ChatContext } from '../hooks/use-chat.js';
import type { Navigate } from '../hooks/use-route.js';
import { ChatActions } from '../lib/chat-actions.js';
import { ChatStore } from '../lib/chat-store.js';
import { DraftBook } from '../lib/draft-book.js';
import { Notifier } from '../lib/notifier.js';
import { clearSnapshot } from '../lib/offline-snapshot.js';
import { plural } from '../lib/plural.js';
import { chatRoute, entryState, type Route } from '../lib/routes.js';
import { ChatLayout } from '../components/chat-layout.js';
import { ConfirmModal } from '../components/confirm-modal.js';

interface ChatPageProps {
  client: ParleyClient;
  phone: string;
  route: Extract<Route, { page: 'chat' }>;
  navigate: Navigate;
  onSignOut: () => void;
  onSessionEnded: () => void;
}

/** The signed-in app: one store fed by the SDK, shared by every part of the page. */
export default function ChatPage({ client, phone, route, navigate, onSignOut, onSessionEnded }: ChatPageProps) {
  const [context] = useState(() => {
    const store = new ChatStore(client, phone, onSessionEnded);
    const actions = new ChatActions(store, (room, options) => navigate(chatRoute(room), options));
    const drafts = new DraftBook(phone);
    store.onActiveDropped = () => navigate(chatRoute(), { replace: true });
    const notifier = new Notifier(store, (room) => navigate(chatRoute(room)));
    return { store, actions, drafts, notifier, navigate };
  });
  const { store, actions, drafts, notifier } = context;
  const roomsLoaded = useSyncExternalStore(store.subscribe, () => store.getState().roomsLoaded);
  const [confirmSignOut, setConfirmSignOut] = useState(false);

  useEffect(() => {
    store.start();
    notifier.start();
    void drafts.load();
    return () => {
      store.stop();
      notifier.stop();
    };
  }, [store, drafts, notifier]);

  // The address bar decides which chat is open, and where in it.
  useEffect(() => {
    if (route.room === null) {
      actions.close();
      return;
    }
    if (!roomsLoaded) return;
    if (!store.room(route.room)) {
      store.set({ active: route.room });
      return;
    }
    const kept = entryState()?.scroll;
    const target = route.seq !== null ? { seq: route.seq, offset: null } : kept && !kept.atLatest ? { seq: kept.seq, offset: kept.offset } : null;
    void actions.open(route.room, target);
  }, [route.room, route.seq, roomsLoaded, store, actions]);

  // A room that got messages while the tab was hidden is marked read when one comes back to it;
  // drafts are written out when it is hidden, in case it never comes back.
  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === 'visible') store.markActiveRead();
      else drafts.flush();
    };
    const onPageHide = () => drafts.flush();
    // Unsent messages are kept, but the person should know they have not left yet.
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (store.getState().outbox.length === 0) return;
      event.preventDefault();
      event.returnValue = '';
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [store, drafts]);

  // Any key, click or touch is use: the SDK tells the server at most once a minute, which keeps
  // one from showing away (and brings one back from it).
  useEffect(() => {
    const onInput = () => client.reportActivity();
    const events = ['keydown', 'pointerdown', 'touchstart'] as const;
    for (const name of events) window.addEventListener(name, onInput, { passive: true });
    return () => {
      for (const name of events) window.removeEventListener(name, onInput);
    };
  }, [client]);

  // Signing out leaves nothing of the account on the device: drafts, unsent messages, the kept list.
  const signOut = useCallback(async () => {
    await Promise.all([client.outbox.clear().catch(() => undefined), drafts.clear(), clearSnapshot(phone)]);
    onSignOut();
  }, [client, drafts, phone, onSignOut]);

  const requestSignOut = useCallback(() => {
    if (store.getState().outbox.length > 0) setConfirmSignOut(true);
    else void signOut();
  }, [store, signOut]);

  const unsent = store.getState().outbox.length;
  return (
    <ChatContext.Provider value={context}>
      <ChatLayout onSignOut={requestSignOut} people={route.people === true} />
      {confirmSignOut ? (
        <ConfirmModal
          title="Sign out with unsent messages?"
          message={`${plural(unsent, 'message has', 'messages have')} not reached the server yet. Signing out discards ${unsent === 1 ? 'it' : 'them'}.`}
          confirmLabel="Sign out and discard"
          onConfirm={signOut}
          onClose={() => setConfirmSignOut(false)}
        />
      ) : null}
    </ChatContext.Provider>
  );
}
