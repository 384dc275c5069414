import type { PresenceStatus, User } from '@parley/client';
import type { RoomSummary } from '../lib/chat-types.js';
import { formatListTime, previewOf } from '../lib/format.js';
import { usePlainText } from './message-text.js';
import { mentionCount, roomTitle, unreadCount } from '../lib/room-summary.js';
import { typingText } from '../lib/typing-text.js';
import { Avatar } from './avatar.js';
import { Icon } from './icon.js';

interface RoomListItemProps {
  room: RoomSummary;
  me: User | null;
  active: boolean;
  /** Text typed in this chat and not sent. */
  draft: string;
  /** Some message of this chat is still in the outbox. */
  waiting: boolean;
  /** Who is typing there now: shown instead of the last word. */
  typing: readonly User[];
  online: boolean | undefined;
  status?: PresenceStatus | undefined;
  onOpen: (name: string) => void;
}

/** One chat in the list: who or what, the last word (or one's draft), when, and how many are unread. */
export function RoomListItem({ room, me, active, draft, waiting, typing, online, status, onOpen }: RoomListItemProps) {
  const title = roomTitle(room);
  const unread = active ? 0 : unreadCount(room);
  const mentions = active ? 0 : Math.min(mentionCount(room), unread);
  const plain = usePlainText();
  const preview = room.lastEntry ? previewOf(room.lastEntry, me, room.kind !== 'direct', room.kind, plain) : room.description || 'No messages yet';
  const time = room.lastEntry?.ts ?? room.createdAt;
  const hasDraft = draft.trim() !== '';
  return (
    <li>
      <button
        type="button"
        data-room={room.name}
        className={`room-item${active ? ' is-active' : ''}${unread ? ' has-unread' : ''}`}
        aria-current={active ? 'true' : undefined}
        onClick={() => onOpen(room.name)}
      >
        <Avatar name={title} colorKey={room.peer?.phone ?? room.name} kind={room.kind === 'direct' ? 'person' : room.kind === 'group' ? 'group' : 'room'} online={room.kind === 'direct' ? (online ?? false) : undefined} status={room.kind === 'direct' ? status : undefined} />
        <span className="room-item-main">
          <span className="room-item-top">
            <span className="room-item-title">
              {title}
              {room.isPrivate && room.kind !== 'direct' ? <Icon name="lock" className="lock" /> : null}
              {/* Read out with the title; the dot and the badge say it only to the eye. */}
              <span className="visually-hidden">{`${room.kind === 'direct' && online ? ', online' : ''}${unread ? `, ${unread} unread` : ''}${mentions ? `, ${mentions} mentioning you` : ''},`}</span>
            </span>
            <time className="room-item-time" dateTime={time}>
              {formatListTime(time)}
            </time>
          </span>
          <span className="room-item-bottom">
            {typing.length > 0 ? (
              <span className="room-item-preview typing-mark">{typingText(typing)}</span>
            ) : hasDraft ? (
              <span className="room-item-preview">
                <span className="draft-mark">Draft:</span> {draft.replace(/\s+/g, ' ').trim()}
              </span>
            ) : (
              <span className="room-item-preview">
                {waiting ? <span className="draft-mark">Unsent · </span> : null}
                {preview}
              </span>
            )}
            {mentions ? (
              <span className="badge badge-mention" aria-hidden="true" title={`${mentions} mentioning you`}>
                @{mentions > 99 ? '99+' : mentions}
              </span>
            ) : null}
            {unread ? (
              <span className="badge" aria-hidden="true">
                {unread > 99 ? '99+' : unread}
              </span>
            ) : null}
          </span>
        </span>
      </button>
    </li>
  );
}
