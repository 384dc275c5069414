import type { NotifyLevel } from '@parley/client';
import { useChatContext } from '../hooks/use-chat.js';

/** This chat's notifications on all one's devices: every message, mentions only, or nothing. */
export function NotifySelect({ room, level }: { room: string; level: NotifyLevel }) {
  const { actions } = useChatContext();
  return (
    <select className="notify-select" aria-label="Notifications for this chat" value={level} onChange={(e) => void actions.setNotifyLevel(room, e.target.value as NotifyLevel)}>
      <option value="all">All messages</option>
      <option value="mentions">Mentions only</option>
      <option value="none">Nothing</option>
    </select>
  );
}
