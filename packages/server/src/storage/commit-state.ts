import type { CommitTx, MemberFacts, MessageFacts, NewRoomRow, RoomFacts, StoredEvent } from '../chat/events/commit-tx.js';

/**
 * Reads of committed state, made inside the engine's transaction. SQLite answers each at once;
 * PostgreSQL answers from what it read in bulk before the batch (and fails loudly for anything
 * it did not prefetch, which a test would show).
 */
export interface FactLoader {
  room(roomId: number): RoomFacts | null;
  roomIdByKey(nameKey: string): number | null;
  roomIdBySkeleton(skeleton: string): number | null;
  membership(roomId: number, userId: number): MemberFacts | null;
  /** Member ids, longest-standing first, at most `limit`. */
  seniors(roomId: number, limit: number): number[];
  message(roomId: number, seq: number): StoredMessageFacts | null;
  /** [emoji, userId] pairs on a message, in the order they were put. */
  reactions(roomId: number, seq: number): [string, number][];
  byClientMsgId(roomId: number, senderId: number, clientMsgId: string): StoredEvent | null;
  invitation(roomId: number, userId: number): { inviterId: number } | null;
  /** An id for a new room: never one used before. */
  newRoomId(): number;
}

/** A message's facts with the rest of its derived row, which a change must carry over. */
export interface StoredMessageFacts extends MessageFacts {
  editedText: string | null;
  editedAt: string | null;
  stateSeq: number;
}

export interface RoomState extends RoomFacts {
  created: (NewRoomRow & { createdAt: string }) | null;
  deleted: boolean;
  lastMessageSeq?: number;
  activityAt?: string;
  ownerChanged: boolean;
}

export interface MessageState extends MessageFacts {
  roomId: number;
  isNew: boolean;
  replyTo: number | null;
  mentions: number[];
  editedText: string | null;
  editedAt: string | null;
  stateSeq: number;
  /** The text is new or edited in this batch, so the search index must take it. */
  textChanged: boolean;
}

export interface MembershipChange {
  roomId: number;
  userId: number;
  /** The membership after the batch: null when removed. */
  after: MemberFacts | null;
}

/** What a batch changed, as final states: each engine writes these after the last command. */
export interface BatchChanges {
  rooms: RoomState[];
  events: StoredEvent[];
  memberships: MembershipChange[];
  messages: MessageState[];
  /** Reactions after the batch, per message touched. */
  reactions: { roomId: number; seq: number; emoji: string; userId: number; on: boolean; ts: string; /** Orders a message's reactions: the seq of the event that put it. */ order: number }[];
  /** Messages whose text must go from the event log (the message's event and its edits). */
  redacted: { roomId: number; seq: number }[];
  /** Read markers moved: the new value per (room, user). */
  readMarks: { roomId: number; userId: number; seq: number }[];
  /** Invitations after the batch: an inviter, or null where one was removed. */
  invitations: { roomId: number; userId: number; inviterId: number | null }[];
  /** Pairs who became contacts. */
  contacts: [number, number][];
}

const key2 = (a: number, b: number | string) => `${a}:${b}`;

/**
 * The CommitTx of one batch, over a FactLoader: facts are read once and cached, changes are kept
 * as final states (so the engine writes each row once however many commands touched it), and each
 * command's changes can be undone (`rollback`) when its rules refuse it halfway.
 */
export class CommitState implements CommitTx {
  private readonly rooms = new Map<number, RoomState | null>();
  private readonly keys = new Map<string, number | null>();
  private readonly members = new Map<string, MemberFacts | null>();
  private readonly memberChanges = new Map<string, MembershipChange>();
  private readonly removedFrom = new Map<number, Set<number>>();
  private readonly addedTo = new Map<number, number[]>();
  private readonly messages = new Map<string, MessageState | null>();
  private readonly dirtyMessages = new Set<string>();
  private readonly reactionLists = new Map<string, [string, number][]>();
  private readonly reactionChanges = new Map<string, BatchChanges['reactions'][number]>();
  private readonly redacted: BatchChanges['redacted'] = [];
  private readonly readMarks = new Map<string, BatchChanges['readMarks'][number]>();
  private readonly events: StoredEvent[] = [];
  private readonly clientIds = new Map<string, StoredEvent>();
  private readonly invitations = new Map<string, { inviterId: number } | null>();
  private readonly invitationChanges = new Map<string, BatchChanges['invitations'][number]>();
  private readonly contacts: [number, number][] = [];
  private journal: (() => void)[] = [];

  constructor(
    private readonly loader: FactLoader,
    readonly now: string,
  ) {}

  /** Starts a command: its changes can be undone until the next begin. */
  begin(): void {
    this.journal = [];
  }

  /** Undoes the current command's changes, newest first. */
  rollback(): void {
    for (const undo of this.journal.reverse()) undo();
    this.journal = [];
  }

  /** Records how to undo a change to `map[key]` before it is made. */
  private remember<K, V>(map: Map<K, V>, key: K): void {
    // Values are replaced, never mutated in place, so the previous one can be kept as it is.
    const had = map.has(key);
    const previous = map.get(key) as V;
    this.journal.push(() => {
      if (had) map.set(key, previous);
      else map.delete(key);
    });
  }

  private rememberSet<T>(set: Set<T>, value: T): void {
    if (set.has(value)) return;
    this.journal.push(() => set.delete(value));
  }

  private roomState(roomId: number): RoomState | null {
    if (!this.rooms.has(roomId)) {
      const facts = this.loader.room(roomId);
      this.rooms.set(roomId, facts ? { ...facts, created: null, deleted: false, ownerChanged: false } : null);
    }
    const room = this.rooms.get(roomId) ?? null;
    return room && !room.deleted ? room : null;
  }

  /** The room's state for a change: a copy that the journal can restore. */
  private mutableRoom(roomId: number): RoomState {
    const room = this.roomState(roomId);
    if (!room) throw new Error(`room ${roomId} is not in this batch`);
    this.remember(this.rooms, roomId);
    const copy = { ...room };
    this.rooms.set(roomId, copy);
    return copy;
  }

  room(roomId: number): RoomFacts | null {
    const room = this.roomState(roomId);
    if (!room) return null;
    return { id: room.id, name: room.name, kind: room.kind, isPrivate: room.isPrivate, ownerId: room.ownerId, maxParticipants: room.maxParticipants, memberCount: room.memberCount, lastSeq: room.lastSeq };
  }

  roomIdByKey(nameKey: string): number | null {
    return this.roomIdByName(`key:${nameKey}`, () => this.loader.roomIdByKey(nameKey));
  }

  roomIdBySkeleton(skeleton: string): number | null {
    return this.roomIdByName(`skeleton:${skeleton}`, () => this.loader.roomIdBySkeleton(skeleton));
  }

  private roomIdByName(key: string, load: () => number | null): number | null {
    if (!this.keys.has(key)) this.keys.set(key, load());
    const id = this.keys.get(key) ?? null;
    if (id === null) return null;
    // A room deleted earlier in this batch frees its name; one not otherwise touched stands.
    const state = this.rooms.get(id);
    return state === undefined || (state !== null && !state.deleted) ? id : null;
  }

  membership(roomId: number, userId: number): MemberFacts | null {
    const key = key2(roomId, userId);
    if (!this.members.has(key)) this.members.set(key, this.loader.membership(roomId, userId));
    return this.members.get(key) ?? null;
  }

  senior(roomId: number, exceptUserId: number): number | null {
    const removed = this.removedFrom.get(roomId) ?? new Set<number>();
    const skip = (id: number) => id === exceptUserId || removed.has(id);
    const limit = removed.size + 2;
    const stored = this.loader.seniors(roomId, limit).filter((id) => !skip(id));
    if (stored.length > 0) return stored[0]!;
    return (this.addedTo.get(roomId) ?? []).find((id) => !skip(id)) ?? null;
  }

  message(roomId: number, seq: number): MessageFacts | null {
    const state = this.messageState(roomId, seq);
    return state ? { seq: state.seq, senderId: state.senderId, ts: state.ts, text: state.text, deleted: state.deleted } : null;
  }

  private messageState(roomId: number, seq: number): MessageState | null {
    const key = key2(roomId, seq);
    if (!this.messages.has(key)) {
      const facts = this.loader.message(roomId, seq);
      this.messages.set(key, facts ? { ...facts, roomId, isNew: false, replyTo: null, mentions: [], textChanged: false } : null);
    }
    return this.messages.get(key) ?? null;
  }

  private mutableMessage(roomId: number, seq: number): MessageState {
    const key = key2(roomId, seq);
    const state = this.messageState(roomId, seq);
    if (!state) throw new Error(`message ${roomId}/${seq} is not in this batch`);
    this.remember(this.messages, key);
    this.rememberSet(this.dirtyMessages, key);
    this.dirtyMessages.add(key);
    const copy = { ...state };
    this.messages.set(key, copy);
    return copy;
  }

  reactions(roomId: number, seq: number): Map<string, number[]> {
    const byEmoji = new Map<string, number[]>();
    for (const [emoji, userId] of this.reactionList(roomId, seq)) {
      const users = byEmoji.get(emoji);
      if (users) users.push(userId);
      else byEmoji.set(emoji, [userId]);
    }
    return byEmoji;
  }

  private reactionList(roomId: number, seq: number): [string, number][] {
    const key = key2(roomId, seq);
    if (!this.reactionLists.has(key)) this.reactionLists.set(key, this.loader.reactions(roomId, seq));
    return this.reactionLists.get(key)!;
  }

  byClientMsgId(roomId: number, senderId: number, clientMsgId: string): StoredEvent | null {
    return this.clientIds.get(`${roomId}:${senderId}:${clientMsgId}`) ?? this.loader.byClientMsgId(roomId, senderId, clientMsgId);
  }

  invitation(roomId: number, userId: number): { inviterId: number } | null {
    const key = key2(roomId, userId);
    if (!this.invitations.has(key)) this.invitations.set(key, this.roomState(roomId)?.created ? null : this.loader.invitation(roomId, userId));
    return this.invitations.get(key) ?? null;
  }

  setInvitation(roomId: number, userId: number, inviterId: number | null): void {
    const key = key2(roomId, userId);
    this.invitation(roomId, userId);
    this.remember(this.invitations, key);
    this.remember(this.invitationChanges, key);
    this.invitations.set(key, inviterId === null ? null : { inviterId });
    this.invitationChanges.set(key, { roomId, userId, inviterId });
  }

  addContact(a: number, b: number): void {
    const length = this.contacts.length;
    this.journal.push(() => void (this.contacts.length = length));
    this.contacts.push([a, b]);
  }

  createRoom(row: NewRoomRow): number {
    const id = this.loader.newRoomId();
    const state: RoomState = {
      id,
      name: row.name,
      kind: row.kind,
      isPrivate: row.isPrivate,
      ownerId: row.ownerId,
      maxParticipants: row.maxParticipants,
      memberCount: 0,
      lastSeq: 0,
      created: { ...row, createdAt: this.now },
      deleted: false,
      ownerChanged: false,
      lastMessageSeq: 0,
      activityAt: this.now,
    };
    this.remember(this.rooms, id);
    this.rooms.set(id, state);
    for (const key of [`key:${row.nameKey}`, `skeleton:${row.nameSkeleton}`]) {
      this.remember(this.keys, key);
      this.keys.set(key, id);
    }
    return id;
  }

  deleteRoom(roomId: number): void {
    const room = this.mutableRoom(roomId);
    room.deleted = true;
  }

  append(event: Omit<StoredEvent, 'seq' | 'ts'>): StoredEvent {
    const room = this.mutableRoom(event.roomId);
    room.lastSeq += 1;
    const stored: StoredEvent = { ...event, seq: room.lastSeq, ts: this.now };
    const length = this.events.length;
    this.journal.push(() => void (this.events.length = length));
    this.events.push(stored);
    if (stored.clientMsgId !== null) {
      const key = `${stored.roomId}:${stored.senderId}:${stored.clientMsgId}`;
      this.remember(this.clientIds, key);
      this.clientIds.set(key, stored);
    }
    return stored;
  }

  addMember(roomId: number, userId: number): void {
    if (this.membership(roomId, userId)) return;
    const room = this.mutableRoom(roomId);
    room.memberCount += 1;
    this.setMembership(roomId, userId, { userId, joinedAt: this.now, lastReadSeq: room.lastSeq });
    const added = this.addedTo.get(roomId) ?? [];
    this.remember(this.addedTo, roomId);
    this.addedTo.set(roomId, [...added, userId]);
  }

  removeMember(roomId: number, userId: number): void {
    if (!this.membership(roomId, userId)) return;
    const room = this.mutableRoom(roomId);
    room.memberCount -= 1;
    this.setMembership(roomId, userId, null);
    const removed = new Set(this.removedFrom.get(roomId) ?? []);
    this.remember(this.removedFrom, roomId);
    removed.add(userId);
    this.removedFrom.set(roomId, removed);
  }

  private setMembership(roomId: number, userId: number, after: MemberFacts | null): void {
    const key = key2(roomId, userId);
    this.remember(this.members, key);
    this.remember(this.memberChanges, key);
    this.members.set(key, after);
    this.memberChanges.set(key, { roomId, userId, after });
  }

  setOwner(roomId: number, ownerId: number | null): void {
    const room = this.mutableRoom(roomId);
    room.ownerId = ownerId;
    room.ownerChanged = true;
  }

  markRead(roomId: number, userId: number, seq: number): void {
    const member = this.membership(roomId, userId);
    if (!member || member.lastReadSeq >= seq) return;
    this.setMembershipFacts(roomId, userId, { ...member, lastReadSeq: seq });
    const key = key2(roomId, userId);
    this.remember(this.readMarks, key);
    this.readMarks.set(key, { roomId, userId, seq });
  }

  /** Changes a member's facts without it being a join or a leave. */
  private setMembershipFacts(roomId: number, userId: number, facts: MemberFacts): void {
    const key = key2(roomId, userId);
    this.remember(this.members, key);
    this.members.set(key, facts);
  }

  insertMessage(roomId: number, seq: number, message: { senderId: number; text: string; replyTo: number | null; mentions: number[] }): void {
    const key = key2(roomId, seq);
    this.remember(this.messages, key);
    this.rememberSet(this.dirtyMessages, key);
    this.messages.set(key, {
      roomId,
      seq,
      senderId: message.senderId,
      ts: this.now,
      text: message.text,
      deleted: false,
      isNew: true,
      replyTo: message.replyTo,
      mentions: message.mentions,
      editedText: null,
      editedAt: null,
      stateSeq: seq,
      textChanged: true,
    });
    this.dirtyMessages.add(key);
    this.remember(this.reactionLists, key);
    this.reactionLists.set(key, []);
    const room = this.mutableRoom(roomId);
    room.lastMessageSeq = seq;
    room.activityAt = this.now;
  }

  editMessage(roomId: number, seq: number, text: string, editSeq: number): void {
    const message = this.mutableMessage(roomId, seq);
    message.text = text;
    message.editedText = text;
    message.editedAt = this.now;
    message.stateSeq = editSeq;
    message.textChanged = true;
  }

  redactMessage(roomId: number, seq: number, redactSeq: number): void {
    const message = this.mutableMessage(roomId, seq);
    message.text = null;
    message.editedText = null;
    message.deleted = true;
    message.stateSeq = redactSeq;
    for (const [emoji, userId] of this.reactionList(roomId, seq)) this.setReaction(roomId, seq, emoji, userId, false, redactSeq);
    const length = this.redacted.length;
    this.journal.push(() => void (this.redacted.length = length));
    this.redacted.push({ roomId, seq });
  }

  setReaction(roomId: number, seq: number, emoji: string, userId: number, on: boolean, eventSeq: number): void {
    const key = key2(roomId, seq);
    const list = this.reactionList(roomId, seq);
    this.remember(this.reactionLists, key);
    this.reactionLists.set(key, on ? [...list, [emoji, userId]] : list.filter(([e, u]) => !(e === emoji && u === userId)));
    const changeKey = `${key}:${emoji}:${userId}`;
    this.remember(this.reactionChanges, changeKey);
    this.reactionChanges.set(changeKey, { roomId, seq, emoji, userId, on, ts: this.now, order: eventSeq });
    const message = this.mutableMessage(roomId, seq);
    message.stateSeq = Math.max(message.stateSeq, eventSeq);
  }

  /** Everything the batch changed, as final states, for the engine to write. */
  changes(): BatchChanges {
    const rooms = [...this.rooms.values()].filter((r): r is RoomState => r !== null);
    const touchedRooms = new Set([...this.events.map((e) => e.roomId), ...[...this.memberChanges.values()].map((m) => m.roomId)]);
    return {
      rooms: rooms.filter((r) => r.created || r.deleted || r.ownerChanged || touchedRooms.has(r.id)),
      events: this.events,
      memberships: [...this.memberChanges.values()],
      messages: [...this.dirtyMessages].map((key) => this.messages.get(key)).filter((m): m is MessageState => !!m),
      reactions: [...this.reactionChanges.values()],
      redacted: this.redacted,
      readMarks: [...this.readMarks.values()],
      invitations: [...this.invitationChanges.values()],
      contacts: this.contacts,
    };
  }
}
