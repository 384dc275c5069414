/** Shapes that appear inside HTTP bodies and WebSocket frames. Timestamps are ISO 8601 strings (UTC). */

export interface User {
  name: string;
  phone: string;
}

export interface PublicUser extends User {
  online: boolean;
}

/**
 * A user found by `GET /api/users`. `online` is there only for people who share a room with
 * the searcher (presence is for co-members); a stranger is found only by their whole number.
 */
export interface FoundUser extends User {
  online?: boolean;
}

/**
 * `room` is an open room anyone may find and join; `group` is private, its members added by the
 * creator and other members; `direct` is a private 1:1 chat named `private_room_<a>_<b>`.
 */
export type RoomKind = 'room' | 'group' | 'direct';

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

/** A user's message, as stored and as delivered. */
export interface MessageEvent {
  type: 'message';
  room: string;
  seq: number;
  ts: string;
  from: User;
  text: string;
  clientMsgId: string;
}

export type StoredSystemEventName = 'join' | 'leave' | 'invite';

/** A membership change, stored in the room's history with its own seq like any message. */
export interface StoredSystemEvent {
  type: 'system';
  event: StoredSystemEventName;
  room: string;
  seq: number;
  ts: string;
  /** Who joined or left; for invite, who added the others. */
  user: User;
  /** For invite: the users who were added. */
  members?: User[];
  message: string;
}

/** The last word on a deleted room: delivered live, never stored (the history is gone with it). */
export interface DeleteEvent {
  type: 'system';
  event: 'delete';
  room: string;
  message: string;
}

/** One entry of a room's history. */
export type HistoryEntry = MessageEvent | StoredSystemEvent;

/** A room as its member sees it in their room list. */
export interface MyRoom extends Room {
  lastReadSeq: number;
  lastEntry: HistoryEntry | null;
  /** For private chats: the other person. */
  peer?: PublicUser;
}
