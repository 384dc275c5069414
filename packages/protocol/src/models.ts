/** Shapes that appear inside HTTP bodies and WebSocket frames. Timestamps are ISO 8601 strings (UTC). */
import type { HistoryEntry, MessageEvent } from './room-events.js';

export interface User {
  name: string;
  phone: string;
}

/** What one chooses to be: `invisible` looks `offline` to everyone else. */
export type ChosenStatus = 'online' | 'away' | 'busy' | 'invisible';
/** What others see: `away` also when idle; `offline` when not connected or invisible. */
export type PresenceStatus = 'online' | 'away' | 'busy' | 'offline';

/** A user's presence as others see it (pushes, member lists, user search). */
export interface Presence {
  online: boolean;
  status: PresenceStatus;
  /** The custom status text and emoji; null when none or cleared by its `until`. */
  text: string | null;
  emoji: string | null;
  /** For users shown offline: when they were last online, to the minute (null: not known). */
  lastSeen: string | null;
}

/** One's own status as set (`status` frame, `GET /api/me`). */
export interface MyStatus {
  status: ChosenStatus;
  text: string | null;
  emoji: string | null;
  /** When the custom text and emoji clear by themselves (ISO time), or null. */
  until: string | null;
}

export interface PublicUser extends User, Presence {}

/**
 * A user found by `GET /api/users`. `online` is there only for people who share a room with
 * the searcher (presence is for co-members); a stranger is found only by their whole number.
 */
export interface FoundUser extends User, Partial<Presence> {}

/**
 * `room` is an open room anyone may find and join; `group` is private, its members added by the
 * creator and other members; `direct` is a private 1:1 chat named `private_room_<a>_<b>`.
 */
export type RoomKind = 'room' | 'group' | 'direct';

/** What a chat notifies its member of: every message, only messages that mention them, or nothing. */
export type NotifyLevel = 'all' | 'mentions' | 'none';
export const notifyLevels: readonly NotifyLevel[] = ['all', 'mentions', 'none'];

/** Until a member chooses: private chats notify of every message, groups and rooms only of mentions. */
export function defaultNotifyLevel(kind: RoomKind): NotifyLevel {
  return kind === 'direct' ? 'all' : 'mentions';
}

export interface Room {
  name: string;
  description: string;
  isPrivate: boolean;
  kind: RoomKind;
  /** Phone of the owner, who alone may delete the room; null for private chats. */
  owner: string | null;
  maxParticipants: number;
  memberCount: number;
  createdAt: string;
  /** Sequence number of the newest entry in the room's history (0 when empty). */
  lastSeq: number;
}

/** The last word on a deleted room: delivered live, never stored (the history is gone with it). */
export interface DeleteEvent {
  type: 'system';
  event: 'delete';
  room: string;
  message: string;
}

/**
 * An invitation to a room from someone who was not yet a contact: the invitee becomes a member only
 * by accepting it. It shows the room's name, kind and size, and who invited, nothing of its history.
 */
export interface Invitation {
  room: string;
  kind: RoomKind;
  memberCount: number;
  from: User;
  createdAt: string;
}

/** A room as its member sees it in their room list. */
export interface MyRoom extends Room {
  lastReadSeq: number;
  /** The newest entry of any type (kept for older clients; a preview should use lastMessage). */
  lastEntry: HistoryEntry | null;
  /** The newest message (possibly deleted): the room's preview. Never a reaction or a member event. */
  lastMessage: MessageEvent | null;
  /** Messages by others after lastReadSeq, deleted ones excepted; capped at limits.unreadCountMax. */
  unreadCount: number;
  /** Of those, the ones that mention the caller. */
  mentionCount: number;
  /** The member's notification level for this chat, the same on all their devices. */
  notify: NotifyLevel;
  /** For private chats: the other person. */
  peer?: PublicUser;
}
