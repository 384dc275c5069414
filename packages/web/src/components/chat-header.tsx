import type { ConnectionState, PublicUser } from '@parley/client';
import type { RoomSummary } from '../lib/chat-types.js';
import { formatPhone } from '../lib/phone.js';
import { plural } from '../lib/plural.js';
import { roomTitle } from '../lib/room-summary.js';
import { Avatar } from './avatar.js';
import { Icon } from './icon.js';

interface ChatHeaderProps {
  room: RoomSummary;
  members: PublicUser[] | undefined;
  online: Record<string, boolean>;
  connection: ConnectionState;
  isOwner: boolean;
  membersOpen: boolean;
  onBack: () => void;
  onToggleMembers: () => void;
  filesOpen: boolean;
  onToggleFiles: () => void;
  onAddPeople: () => void;
  onLeave: () => void;
  onDelete: () => void;
}

/** Who is here: presence is only claimed while connected, since offline it is not known. */
function subtitleOf(room: RoomSummary, members: PublicUser[] | undefined, online: Record<string, boolean>, connected: boolean): string {
  if (room.kind === 'direct') {
    const peer = room.peer;
    if (!peer) return '';
    const presence = connected ? ((online[peer.phone] ?? peer.online) ? 'online' : 'offline') : 'presence unknown while you are offline';
    return `${formatPhone(peer.phone)} · ${presence}`;
  }
  const count = members?.length ?? room.memberCount;
  const parts = [plural(count, 'member', 'members')];
  if (members && connected) parts.push(`${members.filter((m) => online[m.phone] ?? m.online).length} online`);
  return parts.join(', ');
}

/** The open chat's name, who is in it and online, and what one may do to it. */
export function ChatHeader({ room, members, online, connection, isOwner, membersOpen, filesOpen, onBack, onToggleMembers, onToggleFiles, onAddPeople, onLeave, onDelete }: ChatHeaderProps) {
  const title = roomTitle(room);
  const connected = connection === 'open';
  const peerOnline = room.peer && connected ? (online[room.peer.phone] ?? room.peer.online) : undefined;
  return (
    <header className="chat-header">
      <button type="button" className="icon-btn back-btn" aria-label="Back to chats" onClick={onBack}>
        <Icon name="back" />
      </button>
      <Avatar name={title} colorKey={room.peer?.phone ?? room.name} kind={room.kind === 'direct' ? 'person' : room.kind === 'group' ? 'group' : 'room'} online={room.kind === 'direct' ? peerOnline : undefined} />
      <div className="chat-title">
        <h2>{title}</h2>
        <p className="chat-subtitle">{subtitleOf(room, members, online, connected)}</p>
      </div>
      <div className="chat-actions">
        <button type="button" className="btn btn-ghost btn-sm" aria-expanded={filesOpen} aria-controls="files-panel" onClick={onToggleFiles}>
          <Icon name="files" />
          <span className="btn-label">Files</span>
        </button>
        {room.kind !== 'direct' ? (
          <button type="button" className="btn btn-ghost btn-sm" aria-expanded={membersOpen} aria-controls="members-panel" onClick={onToggleMembers}>
            <Icon name="people" />
            <span className="btn-label">Members</span>
          </button>
        ) : null}
        {room.kind !== 'direct' ? (
          <button type="button" className="btn btn-ghost btn-sm" aria-label="Add people" onClick={onAddPeople}>
            <Icon name="addPerson" />
            <span className="btn-label">Add</span>
          </button>
        ) : null}
        {room.kind !== 'direct' ? (
          <button type="button" className="btn btn-ghost btn-sm" onClick={onLeave}>
            <Icon name="leave" />
            <span className="btn-label">Leave</span>
          </button>
        ) : null}
        {isOwner && room.kind !== 'direct' ? (
          <button type="button" className="btn btn-ghost btn-sm btn-danger-text" onClick={onDelete}>
            <Icon name="trash" />
            <span className="btn-label">Delete</span>
          </button>
        ) : null}
      </div>
    </header>
  );
}
