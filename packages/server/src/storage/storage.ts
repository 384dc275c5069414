import type { RoomKind, StoredSystemEventName, User } from '@parley/protocol';

/**
 * The storage port. SQLite implements it today and PostgreSQL will; the chat core sees only
 * this. Every method is async so that a networked database fits the same shape.
 */

export interface UserRecord extends User {
  id: number;
  passwordHash: string;
  createdAt: string;
}

export interface UserQuery {
  exactPhone?: string;
  phonePrefix?: string;
  nameWord?: string;
  nameContains?: string;
}

export interface FoundUserRecord {
  user: UserRecord;
  /** Shares at least one room with the caller (or is the caller). */
  coMember: boolean;
}

/** Candidates a user search examines at most (see UserStore.findUsersFor). */
export const userSearchScanMax = 1000;

export interface UserStore {
  /** Throws ParleyError phone_taken when the phone is in use. */
  createUser(input: { name: string; phone: string; passwordHash: string }): Promise<UserRecord>;
  findUserByPhone(phone: string): Promise<UserRecord | null>;
  findUserById(id: number): Promise<UserRecord | null>;
  findUsersByPhones(phones: string[]): Promise<UserRecord[]>;
  findUsersByIds(ids: number[]): Promise<UserRecord[]>;
  /**
   * The users `callerId` may find by a search, by name (ignoring case), at most `limit`: whoever
   * has exactly `query.exactPhone`, and, among the people who share a room with the caller (the
   * caller included), those with a name word starting with `query.nameWord` (and a name
   * containing `query.nameContains`) or a phone starting with `query.phonePrefix`. Neither
   * prefix given: those people, any. Each result says whether it shares a room with the caller.
   * Index look-ups only: at most `scanMax` candidates are examined, so a short prefix over a
   * large directory costs no more than a long one.
   */
  findUsersFor(callerId: number, query: UserQuery, limit: number): Promise<FoundUserRecord[]>;
  setPasswordHash(userId: number, passwordHash: string): Promise<void>;
}

export interface SessionRecord {
  user: UserRecord;
  createdAt: string;
  lastSeenAt: string;
}

export interface SessionStore {
  createSession(tokenHash: string, userId: number): Promise<void>;
  /** The session of a token hash, or null when it does not exist. */
  findSession(tokenHash: string): Promise<SessionRecord | null>;
  /** Records use of the session (for idle expiry). */
  touchSession(tokenHash: string, at: string): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends every session of a user; returns their token hashes. */
  deleteUserSessions(userId: number): Promise<string[]>;
}

export interface RoomRecord {
  id: number;
  name: string;
  kind: RoomKind;
  isPrivate: boolean;
  description: string;
  ownerId: number | null;
  maxParticipants: number;
  createdAt: string;
  lastSeq: number;
}

export interface RoomWithCount extends RoomRecord {
  memberCount: number;
  ownerPhone: string | null;
}

export interface MembershipRecord extends RoomWithCount {
  lastReadSeq: number;
}

export interface NewRoom {
  name: string;
  kind: RoomKind;
  isPrivate: boolean;
  description: string;
  ownerId: number | null;
  maxParticipants: number;
}

export interface RoomStore {
  /** Creates the room with its first members, atomically. Throws room_exists on a taken name (ignoring case). */
  createRoom(room: NewRoom, memberIds: number[]): Promise<RoomRecord>;
  findRoomByName(name: string): Promise<RoomRecord | null>;
  findRoomById(id: number): Promise<RoomRecord | null>;
  withCount(room: RoomRecord): Promise<RoomWithCount>;
  /** Removes the room with its memberships and history. */
  deleteRoom(roomId: number): Promise<void>;
  /** Adds members, skipping those already in; returns the ids actually added. */
  addMembers(roomId: number, userIds: number[]): Promise<number[]>;
  /** Returns whether the user was a member. */
  removeMember(roomId: number, userId: number): Promise<boolean>;
  setOwner(roomId: number, ownerId: number | null): Promise<void>;
  isMember(roomId: number, userId: number): Promise<boolean>;
  /** Member ids, longest-standing first. */
  memberIds(roomId: number): Promise<number[]>;
  /** The rooms a user belongs to, with each room's last seq. */
  roomSeqsOfUser(userId: number): Promise<{ roomId: number; lastSeq: number }[]>;
  /** Everyone who shares at least one room with the user (the user excluded). */
  coMemberIds(userId: number): Promise<number[]>;
  /** Public rooms, and private ones the user belongs to, whose name or description contains `q`. */
  searchRooms(userId: number, q: string, limit: number): Promise<RoomWithCount[]>;
  roomsOfUser(userId: number): Promise<MembershipRecord[]>;
  /** Moves the read marker forward (never back) and returns it. */
  markRead(roomId: number, userId: number, seq: number): Promise<number>;
}

export type EntryKind = 'message' | StoredSystemEventName;

export interface NewEntry {
  roomId: number;
  kind: EntryKind;
  senderId: number;
  /** The sender as shown in the entry (the caller has it at hand; storage need not look it up). */
  sender: User;
  text: string;
  /** Set for messages: the sender's idempotency key. */
  clientMsgId: string | null;
  /** For invite entries: the users added. */
  members?: User[];
}

export interface EntryRecord {
  roomId: number;
  seq: number;
  kind: EntryKind;
  sender: User;
  text: string;
  clientMsgId: string | null;
  ts: string;
  members?: User[];
}

export interface AppendResult {
  entry: EntryRecord;
  /** True when a message with the same sender and clientMsgId was stored before; nothing new was stored. */
  duplicate: boolean;
}

export interface HistoryRange {
  before?: number;
  after?: number;
  limit: number;
}

export interface MessageStore {
  /**
   * Stores an entry with the room's next seq, durably, before resolving. Entries appended in
   * the same turn share one transaction (group commit); seqs follow the order of the calls.
   * A message also moves its sender's read marker to it: one has read what one wrote.
   * Rejects with room_not_found if the room is gone by then.
   */
  append(entry: NewEntry): Promise<AppendResult>;
  /** `after` → oldest first from after+1; otherwise newest first below `before`. */
  history(roomId: number, range: HistoryRange): Promise<EntryRecord[]>;
  /** The newest entry of each room that has one. */
  lastEntries(roomIds: number[]): Promise<Map<number, EntryRecord>>;
}

export interface Storage {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly rooms: RoomStore;
  readonly messages: MessageStore;
  /** A sentence saying where the data lives, for the start-up banner. */
  readonly location: string;
  /** Resolves when the storage answers (health checks); rejects with `unavailable` otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
