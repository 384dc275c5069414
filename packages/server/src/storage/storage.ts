import type { MessageSearchStore } from './message-search.js';
import type { MyStatus, NotifyLevel, RoomKind, User } from '@parley/protocol';
import type { Command, CommitResult, EventView, MessageState } from '../chat/events/command.js';
import type { MemberFacts, MessageFacts, RoomFacts, StoredEvent } from '../chat/events/commit-tx.js';

/**
 * The storage port: SQLite and PostgreSQL implement it, the chat core sees only this. Stores report
 * facts and never decide permissions; every change to a room goes through `events.commit`, where
 * the event rules (chat/events) run inside the transaction.
 */
export interface UserRecord extends User {
  id: number;
  passwordHash: string;
  createdAt: string;
  /** Shares read receipts and sees others' (PATCH /api/me). */
  readReceipts: boolean;
  /** The status as last set (an expired `until` is not cleared here: readers check it). */
  status: MyStatus;
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

/** Narrowings of a room search; each left out narrows nothing. */
export interface RoomSearchFilters {
  joined?: boolean | undefined;
  kind?: 'room' | 'group' | undefined;
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
  /**
   * Everyone who shares a room with the caller (the caller left out), by name then id, from just
   * after `after` (the last of the previous page), at most `limit`: the People view, page by page.
   */
  coMembersPage(callerId: number, after: { nameKey: string; id: number } | null, limit: number): Promise<{ user: UserRecord; nameKey: string }[]>;
  /**
   * A room's members matching the query (a phone's start, or any part of the name), by name:
   * the room's memberships are the candidates, so every member can be found in a room of any size.
   */
  findRoomMembers(roomId: number, query: UserQuery, limit: number): Promise<UserRecord[]>;
  setPasswordHash(userId: number, passwordHash: string): Promise<void>;
  setReadReceipts(userId: number, on: boolean): Promise<void>;
  setStatus(userId: number, status: MyStatus): Promise<void>;
}

/** How far a member has read a room. */
export interface ReadMarkerRecord {
  userId: number;
  name: string;
  phone: string;
  seq: number;
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

export interface RoomRecord extends RoomFacts {
  description: string;
  createdAt: string;
  ownerPhone: string | null;
  /** The seq of the newest message (0 when none). */
  lastMessageSeq: number;
}

/** A room in its member's list, with what the list shows. */
export interface MyRoomRecord extends RoomRecord {
  lastReadSeq: number;
  /** The member's own notification level; null: the default for the room's kind. */
  notify: NotifyLevel | null;
  unreadCount: number;
  mentionCount: number;
  /** Ordering key of the list: the newest message's time, or the room's creation. */
  activityAt: string;
}

/** A page of a user's rooms, most recent activity first. `after` is the previous page's last (activityAt, id). */
export interface MyRoomsPage {
  limit: number;
  after?: { activityAt: string; roomId: number };
}

export interface RoomStore {
  findRoomByName(name: string): Promise<RoomRecord | null>;
  findRoomById(id: number): Promise<RoomRecord | null>;
  membership(roomId: number, userId: number): Promise<MemberFacts | null>;
  /** Member ids, longest-standing first. */
  memberIds(roomId: number): Promise<number[]>;
  /** The rooms a user belongs to, with each room's last seq. */
  roomSeqsOfUser(userId: number): Promise<{ roomId: number; lastSeq: number }[]>;
  /**
   * Public rooms, and private ones the user belongs to, whose name or description contains `q`;
   * narrowed (inside the query) to those the user is (`joined: true`) or is not in, and to a kind.
   */
  searchRooms(userId: number, q: string, limit: number, filters?: RoomSearchFilters): Promise<RoomRecord[]>;
  roomsOfUser(userId: number, page: MyRoomsPage): Promise<MyRoomRecord[]>;
  /** For private chats: the other member of each. */
  peersOf(userId: number, roomIds: number[]): Promise<Map<number, number>>;
  /** Sets the member's notification level (null: back to the default); false when not a member. */
  setNotify(roomId: number, userId: number, level: NotifyLevel | null): Promise<boolean>;
  /** Moves the read marker forward (never back, never past the room's last seq) and returns it; null when not a member. */
  markRead(roomId: number, userId: number, seq: number): Promise<number | null>;
  /** The read markers of the room's members who share receipts (readReceipts on), in joining order. */
  sharedReadMarkers(roomId: number): Promise<ReadMarkerRecord[]>;
  /** Rooms of this kind the user created since `since` (quotas). */
  countCreatedBy(userId: number, since: string): Promise<number>;
}

/** An invitation as its invitee lists it. */
export interface InvitationRecord {
  roomId: number;
  roomName: string;
  kind: RoomKind;
  memberCount: number;
  inviterId: number;
  createdAt: string;
}

/** Who may add whom to rooms without asking, and who refuses whom. */
export interface ConsentStore {
  /** Of `otherIds`, those who are the user's contacts: sharing a room with them, or having accepted an invitation between them. */
  contactsAmong(userId: number, otherIds: number[]): Promise<Set<number>>;
  /** Of `otherIds`, those who blocked the user. */
  blockedBy(userId: number, otherIds: number[]): Promise<Set<number>>;
  block(userId: number, blockedId: number): Promise<void>;
  unblock(userId: number, blockedId: number): Promise<void>;
  /** The people the user blocked, most recent first. */
  blocked(userId: number): Promise<number[]>;
  /** The user's pending invitations, newest first. */
  invitationsOf(userId: number): Promise<InvitationRecord[]>;
  /** Removes an invitation; returns whether there was one. */
  dropInvitation(roomId: number, userId: number): Promise<boolean>;
  /** Removes every pending invitation from this inviter to this user. */
  dropInvitationsFrom(inviterId: number, userId: number): Promise<void>;
}

export interface HistoryRange {
  before?: number;
  after?: number;
  limit: number;
}

/** An event with its sender, as history shows it. */
export interface HistoryEvent extends EventView {
  sender: User;
}

export interface EventStore {
  /**
   * Applies a command durably before resolving: its events take the room's next seqs and the
   * derived state changes in the same transaction. Commands queued in the same turn share one
   * transaction (group commit) and are applied in call order; one that is refused (or fails)
   * fails alone, its batch-mates unaffected.
   */
  commit(command: Command): Promise<CommitResult>;
  /** `after` → oldest first from after+1; otherwise newest first below `before`. Messages carry their current state as `viewerId` sees it. */
  history(roomId: number, range: HistoryRange, viewerId: number | null): Promise<HistoryEvent[]>;
  /** A message's facts (for authorizing an edit, delete or reaction before queueing it). */
  message(roomId: number, seq: number): Promise<MessageFacts | null>;
  /** The newest message of each room (its preview), as `viewerId` sees it. */
  lastMessages(roomIds: number[], viewerId: number): Promise<Map<number, HistoryEvent>>;
  /** The newest event of each room, any type. */
  lastEvents(roomIds: number[], viewerId: number): Promise<Map<number, HistoryEvent>>;
  /** Every version of a message's text, the original first; empty when it is deleted or unknown. */
  versions(roomId: number, seq: number): Promise<{ seq: number; ts: string; text: string }[]>;
}

/** One uploaded file's metadata; its bytes are in the blob store under `sha256`. */
export interface UploadRecord {
  id: string;
  ownerId: number;
  /** The room it was sent to; null while it is unsent (only its owner sees it). */
  roomId: number | null;
  /** The seq of the message it was sent with; null while unsent. */
  seq: number | null;
  name: string;
  /** The type sniffed from its bytes, never the client's word. */
  type: string;
  size: number;
  width: number | null;
  height: number | null;
  sha256: string;
  thumbnailSha256: string | null;
  createdAt: string;
}

export interface UploadStore {
  createUpload(record: UploadRecord): Promise<void>;
  findUpload(id: string): Promise<UploadRecord | null>;
  /** Bytes of all the user's uploads, sent or not (the quota counts both). */
  bytesOf(ownerId: number): Promise<number>;
  /** Files sent to a room, newest message first (by seq, then by upload time), before `before` if given. */
  roomFiles(roomId: number, page: { before?: number; limit: number }): Promise<UploadRecord[]>;
  /** Removes uploads never sent that were made before `cutoff` (ISO time); returns how many. */
  deleteUnsentBefore(cutoff: string): Promise<number>;
  /** Every blob (file and thumbnail SHA-256) an upload still names: the others may be removed. */
  blobsInUse(): Promise<Set<string>>;
}

export interface Storage {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly rooms: RoomStore;
  readonly events: EventStore;
  readonly consent: ConsentStore;
  readonly uploads: UploadStore;
  readonly search: MessageSearchStore;
  /** A sentence saying where the data lives, for the start-up banner. */
  readonly location: string;
  /** Resolves when the storage answers (health checks); rejects with `unavailable` otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type { Command, CommitResult, EventView, MessageState, MemberFacts, MessageFacts, RoomFacts, StoredEvent, RoomKind };
