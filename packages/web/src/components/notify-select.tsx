import { useState } from 'react';
import { useChatContext } from '../hooks/use-chat.js';
import type { NotifyLevel } from '../lib/notify-settings.js';

/** This chat's notifications on this device: every message, mentions only, or nothing. */
export function NotifySelect({ room }: { room: string }) {
  const { notifier } = useChatContext();
  const [level, setLevel] = useState<NotifyLevel>(() => notifier.levelOf(room));
  return (
    <select
      className="notify-select"
      aria-label="Notifications for this chat"
      value={level}
      onChange={(e) => {
        const next = e.target.value as NotifyLevel;
        notifier.setLevel(room, next);
        setLevel(next);
      }}
    >
      <option value="all">All messages</option>
      <option value="mentions">Mentions only</option>
      <option value="none">Nothing</option>
    </select>
  );
}
