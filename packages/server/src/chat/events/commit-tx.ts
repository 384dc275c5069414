import type { RoomKind } from '@parley/protocol';

/**
 * What an event's rules see and change inside the commit that stores it. Each storage engine
 * implements this over its open transaction: SQLite directly in SQL (reads see the batch's own
 * writes), PostgreSQL over facts read in bulk before the batch and changes written in bulk after.
 * Everything is synchronous, so the rules are plain functions that cannot interleave.
 *
 * Reads report facts; they never decide permissions (that is policy.ts, before the commit, and
 * the rules' own re-checks, here).
 */
export interface RoomFacts {
  id: number;
  name: string;
  kind: RoomKind;
  isPrivate: boolean;
  ownerId: number | null;
  maxParticipants: number;
  memberCount: number;
  lastSeq: number;
}

export interface MemberFacts {
  userId: number;
  joinedAt: string;
  lastReadSeq: number;
}

export interface MessageFacts {
  seq: number;
  senderId: number;
  ts: string;
  /** Null once deleted. */
  text: string | null;
  deleted: boolean;
}

export interface NewRoomRow {
  name: string;
  /** The name with case folded: what a name is looked up by. */
  nameKey: string;
  /** The name's look-alike skeleton (protocol's roomNameSkeleton): what names are unique by. */
  nameSkeleton: string;
  kind: RoomKind;
  isPrivate: boolean;
  description: string;
  ownerId: number | null;
  maxParticipants: number;
  /** Who made it (room quotas count by this). */
  createdBy: number;
}

/** An event as stored: the log row. `body` is the type's own JSON; user references in it are ids. */
export interface StoredEvent {
  roomId: number;
  seq: number;
  type: string;
  senderId: number;
  targetSeq: number | null;
  body: Record<string, unknown>;
  clientMsgId: string | null;
  ts: string;
}

export interface CommitTx {
  /** The commit's timestamp: every event of the batch carries it. */
  readonly now: string;

  room(roomId: number): RoomFacts | null;
  roomIdByKey(nameKey: string): number | null;
  roomIdBySkeleton(skeleton: string): number | null;
  membership(roomId: number, userId: number): MemberFacts | null;
  /** Of the members, the longest-standing one other than `exceptUserId` (who inherits a room). */
  senior(roomId: number, exceptUserId: number): number | null;
  message(roomId: number, seq: number): MessageFacts | null;
  /** Emoji on a message with who put each, in the order they were put. */
  reactions(roomId: number, seq: number): Map<string, number[]>;
  /** Who invited this user to this room, if they hold an invitation. */
  invitation(roomId: number, userId: number): { inviterId: number } | null;
  /** An event this sender stored before under this clientMsgId (the idempotency key). */
  byClientMsgId(roomId: number, senderId: number, clientMsgId: string): StoredEvent | null;

  /** Creates a room with no members and no events; returns its id (never one used before). */
  createRoom(row: NewRoomRow): number;
  deleteRoom(roomId: number): void;
  /** Appends an event with the room's next seq; returns it as stored. */
  append(event: Omit<StoredEvent, 'seq' | 'ts'>): StoredEvent;
  addMember(roomId: number, userId: number): void;
  removeMember(roomId: number, userId: number): void;
  setOwner(roomId: number, ownerId: number | null): void;
  /** Moves a read marker forward (never back). */
  markRead(roomId: number, userId: number, seq: number): void;

  insertMessage(roomId: number, seq: number, message: { senderId: number; text: string; replyTo: number | null; mentions: number[] }): void;
  editMessage(roomId: number, seq: number, text: string, editSeq: number): void;
  /** Deletes a message's text for good: its row, its event and its edits' texts, its reactions and mentions. */
  redactMessage(roomId: number, seq: number, redactSeq: number): void;
  setReaction(roomId: number, seq: number, emoji: string, userId: number, on: boolean, eventSeq: number): void;
  /** Stores an invitation (inviterId) or removes it (null). */
  setInvitation(roomId: number, userId: number, inviterId: number | null): void;
  /** Records that two people accepted each other (an accepted invitation): contacts from then on. */
  addContact(a: number, b: number): void;
}
