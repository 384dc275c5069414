import { useEffect, useRef, useState } from 'react';
import { defaultNotifyLevel, type ConnectionState, type Presence, type PublicUser } from '@parley/client';
import { customText, presenceText } from '../lib/presence-text.js';
import type { RoomSummary } from '../lib/chat-types.js';
import { formatPhone } from '../lib/phone.js';
import { plural } from '../lib/plural.js';
import { roomTitle } from '../lib/room-summary.js';
import { Avatar } from './avatar.js';
import { Icon } from './icon.js';
import { NotifySelect } from './notify-select.js';

interface ChatHeaderProps {
  room: RoomSummary;
  members: PublicUser[] | undefined;
  online: Record<string, boolean>;
  presence: Record<string, Presence>;
  connection: ConnectionState;
  isOwner: boolean;
  membersOpen: boolean;
  onBack: () => void;
  onToggleMembers: () => void;
  filesOpen: boolean;
  onToggleFiles: () => void;
  searchOpen: boolean;
  onToggleSearch: () => void;
  onAddPeople: () => void;
  onLeave: () => void;
  onDelete: () => void;
}

/** Who is here: presence is only claimed while connected, since offline it is not known. */
function subtitleOf(room: RoomSummary, members: PublicUser[] | undefined, online: Record<string, boolean>, presence: Record<string, Presence>, connected: boolean): string {
  if (room.kind === 'direct') {
    const peer = room.peer;
    if (!peer) return '';
    const state = presence[peer.phone] ?? peer;
    const custom = customText(state);
    const shown = connected ? `${presenceText(state)}${custom ? ` · ${custom}` : ''}` : 'presence unknown while you are offline';
    return `${formatPhone(peer.phone)} · ${shown}`;
  }
  const count = members?.length ?? room.memberCount;
  const parts = [plural(count, 'member', 'members')];
  if (members && connected) parts.push(`${members.filter((m) => online[m.phone] ?? m.online).length} online`);
  return parts.join(', ');
}

/** The open chat's name, who is in it and online, and what one may do to it. */
export function ChatHeader({ room, members, online, presence, connection, isOwner, membersOpen, filesOpen, searchOpen, onBack, onToggleMembers, onToggleFiles, onToggleSearch, onAddPeople, onLeave, onDelete }: ChatHeaderProps) {
  const title = roomTitle(room);
  const connected = connection === 'open';
  const peerOnline = room.peer && connected ? (online[room.peer.phone] ?? room.peer.online) : undefined;
  const [moreOpen, setMoreOpen] = useState(false);
  const actionsRef = useRef<HTMLDivElement>(null);
  useEffect(() => setMoreOpen(false), [room.name]);
  // The folded actions close as a menu does: Escape, or a tap anywhere else.
  useEffect(() => {
    if (!moreOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setMoreOpen(false);
    };
    const onPointer = (e: PointerEvent) => {
      if (!actionsRef.current?.contains(e.target as Node)) setMoreOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [moreOpen]);
  return (
    <header className="chat-header">
      <button type="button" className="icon-btn back-btn" aria-label="Back to chats" onClick={onBack}>
        <Icon name="back" />
      </button>
      <Avatar name={title} colorKey={room.peer?.phone ?? room.name} kind={room.kind === 'direct' ? 'person' : room.kind === 'group' ? 'group' : 'room'} online={room.kind === 'direct' ? peerOnline : undefined} status={room.kind === 'direct' && room.peer && connected ? (presence[room.peer.phone] ?? room.peer).status : undefined} />
      <div className="chat-title">
        <h2>{title}</h2>
        <p className="chat-subtitle">{subtitleOf(room, members, online, presence, connected)}</p>
      </div>
      <div className="chat-actions" ref={actionsRef}>
        {room.kind !== 'direct' ? (
          <button type="button" className="btn btn-ghost btn-sm" aria-expanded={membersOpen} aria-controls="members-panel" onClick={onToggleMembers}>
            <Icon name="people" />
            <span className="btn-label">Members</span>
          </button>
        ) : null}
        {/* On a phone the header has room for the title and two icons; the rest folds under "More". */}
        <button type="button" className="btn btn-ghost btn-sm chat-more" aria-label="More chat actions" aria-expanded={moreOpen} aria-controls="chat-more-actions" onClick={() => setMoreOpen((open) => !open)}>
          <Icon name="more" />
        </button>
        <div className="chat-actions-more" id="chat-more-actions" data-open={moreOpen || undefined} onClick={(e) => { if ((e.target as HTMLElement).closest('button')) setMoreOpen(false); }}>
          <button type="button" className="btn btn-ghost btn-sm" aria-expanded={searchOpen} aria-controls="chat-search-panel" onClick={onToggleSearch}>
            <Icon name="search" />
            <span className="btn-label">Search in chat</span>
          </button>
          <button type="button" className="btn btn-ghost btn-sm" aria-expanded={filesOpen} aria-controls="files-panel" onClick={onToggleFiles}>
            <Icon name="files" />
            <span className="btn-label">Files</span>
          </button>
          <NotifySelect room={room.name} level={room.notify ?? defaultNotifyLevel(room.kind)} />
          {room.kind !== 'direct' ? (
            <button type="button" className="btn btn-ghost btn-sm" onClick={onAddPeople}>
              <Icon name="addPerson" />
              <span className="btn-label">Add people</span>
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
      </div>
    </header>
  );
}
