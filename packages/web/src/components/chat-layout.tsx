import { useCallback, useEffect } from 'react';
import { useChatContext, useChatState } from '../hooks/use-chat.js';
import { setFaviconBadge } from '../lib/favicon-badge.js';
import { unreadCount } from '../lib/room-summary.js';
import { ChatPanel } from './chat-panel.js';
import { ConnectionBanner } from './connection-banner.js';
import { ContactsPanel } from './contacts-panel.js';
import { Notices } from './notices.js';

/** Contacts on the left, the open chat on the right; on a phone, one at a time. */
export function ChatLayout({ onSignOut, people }: { onSignOut: () => void; people: boolean }) {
  const { store } = useChatContext();
  const state = useChatState();
  const dismiss = useCallback((id: number) => store.dismiss(id), [store]);

  useEffect(() => {
    const unread = state.rooms.reduce((n, r) => n + (r.name === state.active ? 0 : unreadCount(r)), 0);
    document.title = unread ? `(${unread}) Parley` : 'Parley';
    setFaviconBadge(unread);
  }, [state.rooms, state.active]);

  return (
    <div className="chat-shell">
      <h1 className="visually-hidden">Parley</h1>
      <ConnectionBanner state={state.connection} waiting={state.outbox.filter((m) => m.status !== 'failed').length} />
      <div className={`chat-app${state.active ? ' has-active' : ''}`}>
        <ContactsPanel onSignOut={onSignOut} people={people} />
        <ChatPanel />
        <Notices notices={state.notices} onDismiss={dismiss} />
      </div>
    </div>
  );
}
