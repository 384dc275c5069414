import { useEffect } from 'react';
import { useChatContext, useChatState } from '../hooks/use-chat.js';
import { unreadCount } from '../lib/room-summary.js';
import { ChatPanel } from './chat-panel.js';
import { ConnectionBanner } from './connection-banner.js';
import { ContactsPanel } from './contacts-panel.js';
import { Notices } from './notices.js';

/** Contacts on the left, the open chat on the right; on a phone, one at a time. */
export function ChatLayout({ onSignOut }: { onSignOut: () => void }) {
  const { store } = useChatContext();
  const state = useChatState();

  useEffect(() => {
    const unread = state.rooms.reduce((n, r) => n + (r.name === state.active ? 0 : unreadCount(r)), 0);
    document.title = unread ? `(${unread}) Parley` : 'Parley';
  }, [state.rooms, state.active]);

  return (
    <div className={`chat-app${state.active ? ' has-active' : ''}`}>
      <ConnectionBanner state={state.connection} />
      <ContactsPanel onSignOut={onSignOut} />
      <ChatPanel />
      <Notices notices={state.notices} onDismiss={(id) => store.dismiss(id)} />
    </div>
  );
}
