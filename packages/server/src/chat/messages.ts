import { ParleyError, limits, type HistoryEntry, type ReadFrame, type MessageChangeAck, type MessageVersion, type MyRoom } from '@parley/protocol';
import { noSuchRoom, requireRoomRef, toPublicUsers, type Actor, type ChatContext } from './chat-context.js';
import type { Command, CommitResult } from './events/command.js';
import { authorize } from './policy.js';
import { publishCommit } from './publish.js';
import type { RoomRecord } from '../storage/storage.js';
import { eventFrames, myRoomViews } from './views.js';

export interface SendInput {
  room: string;
  /** Optional with attachments. */
  text?: string | undefined;
  /** Ids of the sender's unsent uploads. */
  attachments?: string[] | undefined;
  clientMsgId: string;
  replyTo?: number | undefined;
  /** Phones of members to mention. */
  mentions?: string[] | undefined;
}

export interface MessageAck {
  room: string;
  seq: number;
  ts: string;
  clientMsgId: string;
}

/** Commits a command and tells every node; resolves once both are done. */
async function commitAndPublish(ctx: ChatContext, actor: Actor, command: Command, skipActorConn = false): Promise<CommitResult> {
  const result = await ctx.storage.events.commit(command);
  await publishCommit(ctx, result, actor.user, skipActorConn ? { skipConnId: actor.connId } : {});
  return result;
}

/**
 * Queues a message for the group commit and returns at once, so that a client can pipeline
 * sends while keeping their order; `stored` resolves once the message is durably stored and
 * pushed to every socket of every member but the sending one (which gets the ack). Who may send
 * is decided inside the commit, where a room deleted or a membership ended meanwhile is seen.
 */
export async function acceptMessage(ctx: ChatContext, actor: Actor, input: SendInput): Promise<{ stored: Promise<MessageAck> }> {
  const room = await requireRoomRef(ctx, input.room);
  let mentions: number[] = [];
  if (input.mentions && input.mentions.length > 0) {
    const phones = [...new Set(input.mentions)];
    const users = await ctx.storage.users.findUsersByPhones(phones);
    if (users.length !== phones.length) throw new ParleyError('invalid_input', 'Only members of the room can be mentioned.', [{ field: 'mentions', message: 'must name members of the room' }]);
    mentions = users.map((u) => u.id);
  }
  const command: Command = { type: 'message', actorId: actor.user.id, roomId: room.id, clientMsgId: input.clientMsgId, text: input.text ?? null, replyTo: input.replyTo ?? null, mentions,
    ...(input.attachments?.length ? { attachments: input.attachments } : {}) };
  const stored = commitAndPublish(ctx, actor, command, true).then(
    (result) => {
      const event = result.duplicate ?? result.events[0]!;
      if (!result.duplicate) ctx.typing.messageSent(result.room.id, result.room.name, actor.user);
      return { room: result.room.name, seq: event.seq, ts: event.ts, clientMsgId: input.clientMsgId };
    },
    (error: unknown) => {
      if (error instanceof ParleyError && error.code === 'room_not_found') ctx.roomNames.forgetId(room.id);
      throw error;
    },
  );
  return { stored };
}

function changeAck(result: CommitResult, target: number): MessageChangeAck {
  const event = result.events[0];
  return { room: result.room.name, target, changed: event !== undefined, ...(event ? { seq: event.seq, ts: event.ts } : {}) };
}

/** Edits one's own message (within the edit window); the others get an `edit` event. */
export async function editMessage(ctx: ChatContext, actor: Actor, input: { room: string; target: number; text: string }): Promise<MessageChangeAck> {
  const room = await requireRoomRef(ctx, input.room);
  const result = await commitAndPublish(ctx, actor, { type: 'edit', actorId: actor.user.id, roomId: room.id, target: input.target, text: input.text });
  return changeAck(result, input.target);
}

/** Deletes a message: its text leaves storage in the same commit; every member gets a `redact` event. */
export async function deleteMessage(ctx: ChatContext, actor: Actor, input: { room: string; target: number }): Promise<MessageChangeAck> {
  const room = await requireRoomRef(ctx, input.room);
  const result = await commitAndPublish(ctx, actor, { type: 'redact', actorId: actor.user.id, roomId: room.id, target: input.target });
  return changeAck(result, input.target);
}

/** Puts a reaction on a message or takes it off; the same reaction twice is one. */
export async function react(ctx: ChatContext, actor: Actor, input: { room: string; target: number; emoji: string; on: boolean }): Promise<MessageChangeAck> {
  const room = await requireRoomRef(ctx, input.room);
  const result = await commitAndPublish(ctx, actor, { type: 'react', actorId: actor.user.id, roomId: room.id, target: input.target, emoji: input.emoji, on: input.on });
  return changeAck(result, input.target);
}

/** The room, if the actor may read it (members only; a private room one is not in does not exist for them). */
export async function readableRoom(ctx: ChatContext, actor: Actor, name: string): Promise<RoomRecord> {
  const room = await ctx.storage.rooms.findRoomByName(name);
  if (!room) throw noSuchRoom(name);
  const member = await ctx.storage.rooms.membership(room.id, actor.user.id);
  authorize('read', { actorId: actor.user.id, room, member }, name);
  return room;
}

export interface HistoryRequest {
  room: string;
  before?: number | undefined;
  after?: number | undefined;
  around?: number | undefined;
  limit?: number | undefined;
}

/**
 * A page of a room's history, each message as it is now, for members only: newest first
 * before a seq, oldest first after one, or oldest first centred on one (`around`: that seq and
 * the events before it fill the first half, the events after it the rest).
 */
export async function history(ctx: ChatContext, actor: Actor, request: HistoryRequest): Promise<{ room: string; messages: HistoryEntry[] }> {
  const given = (['before', 'after', 'around'] as const).filter((k) => request[k] !== undefined);
  if (given.length > 1) {
    const message = given.includes('around') ? `Give one of before, after and around, not ${given.join(' and ')}.` : 'Give either before or after, not both.';
    throw new ParleyError('invalid_input', message, [{ field: given[1]!, message: `cannot be combined with ${given[0]}` }]);
  }
  const room = await readableRoom(ctx, actor, request.room);
  const limit = request.limit ?? 50;
  if (request.around !== undefined) {
    const upTo = Math.ceil(limit / 2);
    // Two range reads of the same index: the seq and older ones, then newer ones; when one side
    // runs short (the start or end of the room), the other side fills the page.
    const older = await ctx.storage.events.history(room.id, { before: request.around + 1, limit }, actor.user.id);
    const newer = await ctx.storage.events.history(room.id, { after: request.around, limit }, actor.user.id);
    const olderTake = Math.min(older.length, Math.max(upTo, limit - newer.length));
    const events = [...older.slice(0, olderTake).reverse(), ...newer.slice(0, limit - olderTake)];
    return { room: room.name, messages: await eventFrames(ctx, room.name, events) };
  }
  const events = await ctx.storage.events.history(
    room.id,
    {
      ...(request.before !== undefined ? { before: request.before } : {}),
      ...(request.after !== undefined ? { after: request.after } : {}),
      limit,
    },
    actor.user.id,
  );
  return { room: room.name, messages: await eventFrames(ctx, room.name, events) };
}

/** Every version of a message's text, for its sender (moderators later). */
export async function messageVersions(ctx: ChatContext, actor: Actor, input: { room: string; seq: number }): Promise<MessageVersion[]> {
  const room = await readableRoom(ctx, actor, input.room);
  const target = await ctx.storage.events.message(room.id, input.seq);
  if (!target || target.deleted) throw new ParleyError('message_not_found', `"${room.name}" has no message ${input.seq}.`);
  if (target.senderId !== actor.user.id) throw new ParleyError('forbidden', 'Only the sender can see the earlier versions of this message.');
  return ctx.storage.events.versions(room.id, input.seq);
}

/**
 * A member's typing signal, for the other members' screens. A refresh that would be absorbed
 * anyway is answered without reading storage: its permission was checked when typing began.
 */
export async function setTyping(ctx: ChatContext, actor: Actor, input: { room: string; typing: boolean }): Promise<{ room: string }> {
  const ref = await requireRoomRef(ctx, input.room);
  if (input.typing && ctx.typing.isFreshRefresh(ref.id, actor.user.id, actor.connId)) return { room: ref.name };
  const room = await ctx.storage.rooms.findRoomByName(input.room);
  if (!room) throw noSuchRoom(input.room);
  const member = await ctx.storage.rooms.membership(room.id, actor.user.id);
  authorize('send', { actorId: actor.user.id, room, member }, input.room);
  ctx.typing.set(room.id, room.name, actor.user, input.typing, actor.connId);
  return { room: room.name };
}

export async function markRead(ctx: ChatContext, actor: Actor, input: { room: string; seq: number }): Promise<{ room: string; seq: number }> {
  const room = await ctx.storage.rooms.findRoomByName(input.room);
  if (!room) throw noSuchRoom(input.room);
  const member = await ctx.storage.rooms.membership(room.id, actor.user.id);
  authorize('read', { actorId: actor.user.id, room, member }, input.room);
  const seq = await ctx.storage.rooms.markRead(room.id, actor.user.id, input.seq);
  if (seq === null) throw noSuchRoom(input.room);
  // One's other devices update their unread counts at once; only a forward move is news.
  if (member && seq > member.lastReadSeq) {
    const frame: ReadFrame = { type: 'read', room: room.name, seq };
    ctx.bus.publish({ type: 'users', userIds: [actor.user.id], frame: JSON.stringify(frame), ...(actor.connId !== undefined ? { skipConnId: actor.connId } : {}) });
    ctx.receipts.read(room.id, room.name, actor.user, seq);
  }
  return { room: room.name, seq };
}

function encodeCursor(activityAt: string, roomId: number): string {
  return Buffer.from(`${activityAt}|${roomId}`).toString('base64url');
}

function decodeCursor(cursor: string): { activityAt: string; roomId: number } {
  const [activityAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const roomId = Number(id);
  if (!activityAt || Number.isNaN(Date.parse(activityAt)) || !Number.isSafeInteger(roomId)) {
    throw new ParleyError('invalid_input', 'The cursor is not one this server gave out.', [{ field: 'cursor', message: 'is not a cursor from this server' }]);
  }
  return { activityAt, roomId };
}

/** A page of the user's rooms and private chats, most recent activity first. */
export async function myRooms(ctx: ChatContext, actor: Actor, page: { limit?: number | undefined; cursor?: string | undefined } = {}): Promise<{ rooms: MyRoom[]; next: string | null }> {
  const limit = page.limit ?? limits.myRoomsPageMax;
  const records = await ctx.storage.rooms.roomsOfUser(actor.user.id, { limit, ...(page.cursor ? { after: decodeCursor(page.cursor) } : {}) });
  const ids = records.map((r) => r.id);
  const [lastMessages, lastEvents] = await Promise.all([ctx.storage.events.lastMessages(ids, actor.user.id), ctx.storage.events.lastEvents(ids, actor.user.id)]);
  const direct = records.filter((r) => r.kind === 'direct').map((r) => r.id);
  const peerIds = await ctx.storage.rooms.peersOf(actor.user.id, direct);
  const peerRecords = await ctx.storage.users.findUsersByIds([...new Set(peerIds.values())]);
  const peerViews = await toPublicUsers(ctx, peerRecords);
  const byUser = new Map(peerRecords.map((u, i) => [u.id, peerViews[i]!]));
  const peers = new Map([...peerIds].flatMap(([roomId, userId]) => (byUser.has(userId) ? [[roomId, byUser.get(userId)!] as const] : [])));
  const rooms = await myRoomViews(ctx, records, lastMessages, lastEvents, peers);
  const last = records.at(-1);
  return { rooms, next: records.length === limit && last ? encodeCursor(last.activityAt, last.id) : null };
}
