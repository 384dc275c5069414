import { ParleyError, type ClientFrameBody, type HistoryEntry, type MyRoom, type OkPayloads } from '@parley/protocol';
import { appendAndPublish, requireMember, requireRoom, requireRoomRef, toPublicUsers, toUser, type ChatContext } from './chat-context.js';
import type { Actor, Session } from './session.js';
import { historyEntry, roomInfo } from './views.js';

/**
 * Checks a message and queues it for storage, then resolves with `stored`, which resolves only
 * once the message is durably stored (the ack is a promise that it is on disk) and pushed to
 * every session of every member but the sending connection.
 */
export async function acceptMessage(ctx: ChatContext, session: Session, body: ClientFrameBody<'message'>): Promise<{ stored: Promise<OkPayloads['message']> }> {
  const room = await requireRoomRef(ctx, body.room);
  // The session is subscribed to exactly its user's rooms, so this is the membership check.
  if (!session.rooms.has(room.id)) throw new ParleyError('forbidden', `You are not a member of "${room.name}".`);
  const appended = appendAndPublish(
    ctx,
    room,
    { roomId: room.id, kind: 'message', senderId: session.user.id, sender: toUser(session.user), text: body.text, clientMsgId: body.clientMsgId },
    session.conn.id,
  );
  const stored = appended.then(
    ({ stored }) => ({ room: room.name, seq: stored.seq, ts: stored.ts, clientMsgId: body.clientMsgId }),
    (error: unknown) => {
      if (error instanceof ParleyError && error.code === 'room_not_found') ctx.roomNames.forgetId(room.id);
      throw error;
    },
  );
  return { stored };
}

export interface HistoryRequest {
  room: string;
  before?: number | undefined;
  after?: number | undefined;
  limit?: number | undefined;
}

/** A page of a room's history, for members only. */
export async function history(ctx: ChatContext, actor: Actor, request: HistoryRequest): Promise<{ room: string; messages: HistoryEntry[] }> {
  if (request.before !== undefined && request.after !== undefined) {
    throw new ParleyError('invalid_input', 'Give either before or after, not both.', [{ field: 'after', message: 'cannot be combined with before' }]);
  }
  const room = await requireRoom(ctx, request.room);
  await requireMember(ctx, room, actor.user);
  const entries = await ctx.storage.messages.history(room.id, {
    ...(request.before !== undefined ? { before: request.before } : {}),
    ...(request.after !== undefined ? { after: request.after } : {}),
    limit: request.limit ?? 50,
  });
  return { room: room.name, messages: entries.map((e) => historyEntry(room.name, e)) };
}

export async function markRead(ctx: ChatContext, actor: Actor, body: ClientFrameBody<'read'>): Promise<OkPayloads['read']> {
  const room = await requireRoom(ctx, body.room);
  await requireMember(ctx, room, actor.user);
  return { room: room.name, seq: await ctx.storage.rooms.markRead(room.id, actor.user.id, body.seq) };
}

/** The user's rooms and private chats, most recent activity first. */
export async function myRooms(ctx: ChatContext, actor: Actor): Promise<MyRoom[]> {
  const memberships = await ctx.storage.rooms.roomsOfUser(actor.user.id);
  const last = await ctx.storage.messages.lastEntries(memberships.map((m) => m.id));
  const peerIds = new Map<number, number>();
  for (const m of memberships) {
    if (m.kind !== 'direct') continue;
    const ids = await ctx.storage.rooms.memberIds(m.id);
    peerIds.set(m.id, ids.find((id) => id !== actor.user.id) ?? actor.user.id);
  }
  const peerRecords = await ctx.storage.users.findUsersByIds([...new Set(peerIds.values())]);
  const peerViews = await toPublicUsers(ctx, peerRecords);
  const peers = new Map(peerRecords.map((u, i) => [u.id, peerViews[i]!]));
  const rooms: MyRoom[] = memberships.map((m) => {
    const entry = last.get(m.id);
    const peer = peers.get(peerIds.get(m.id) ?? -1);
    return {
      ...roomInfo(m),
      lastReadSeq: m.lastReadSeq,
      lastEntry: entry ? historyEntry(m.name, entry) : null,
      ...(peer ? { peer } : {}),
    };
  });
  const activity = (r: MyRoom) => r.lastEntry?.ts ?? r.createdAt;
  return rooms.sort((a, b) => activity(b).localeCompare(activity(a)));
}
