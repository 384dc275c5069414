import { ParleyError, isPrivateRoomName, limits, privateRoomName, type PublicUser, type User } from '@parley/protocol';
import { roomNameKeys } from '../storage/like.js';
import type { RoomRecord, UserRecord } from '../storage/storage.js';
import { memberList, noSuchRoom, requireRoomRef, toPublicUser, toPublicUsers, toUser, usersByPhones, type Actor, type ChatContext } from './chat-context.js';
import type { Command, CommitResult } from './events/command.js';
import { announceInvitations, splitByConsent } from './consent.js';
import { publishCommit } from './publish.js';
import { authorize } from './policy.js';
import { readableRoom } from './messages.js';

function refusePrivatePrefix(name: string): void {
  if (isPrivateRoomName(name)) {
    throw new ParleyError('invalid_input', `Room names starting with "private_room_" are reserved for private chats.`, [
      { field: 'room', message: 'must not start with private_room_' },
    ]);
  }
}

async function commitAndPublish(ctx: ChatContext, actor: Actor, command: Command, skipConnId?: string): Promise<CommitResult> {
  const result = await ctx.storage.events.commit(command);
  await publishCommit(ctx, result, actor.user, { skipConnId });
  return result;
}

async function roomRecord(ctx: ChatContext, result: CommitResult): Promise<RoomRecord> {
  const room = await ctx.storage.rooms.findRoomById(result.room.id);
  if (!room) throw noSuchRoom(result.room.name);
  return room;
}

/** Creating rooms is bounded per person and day, and belonging to rooms per person. */
async function checkQuotas(ctx: ChatContext, actor: Actor, others: UserRecord[]): Promise<void> {
  const since = new Date(Date.now() - 86_400_000).toISOString();
  if ((await ctx.storage.rooms.countCreatedBy(actor.user.id, since)) >= ctx.options.roomsCreatedPerDay) {
    throw new ParleyError('quota_exceeded', `You can create at most ${ctx.options.roomsCreatedPerDay} rooms and groups a day.`);
  }
  await checkRoomsPerUser(ctx, [actor.user, ...others]);
}

async function checkRoomsPerUser(ctx: ChatContext, users: { id: number; name: string }[]): Promise<void> {
  for (const user of users) {
    if ((await ctx.storage.rooms.roomSeqsOfUser(user.id)).length >= ctx.options.roomsPerUser) {
      throw new ParleyError('quota_exceeded', `${user.name} already belongs to ${ctx.options.roomsPerUser} rooms, the most one can.`);
    }
  }
}

export interface CreateRoomInput {
  room: string;
  description?: string | undefined;
  isPrivate?: boolean | undefined;
  maxParticipants?: number | undefined;
}

export async function createRoom(ctx: ChatContext, actor: Actor, input: CreateRoomInput): Promise<RoomRecord> {
  refusePrivatePrefix(input.room);
  await checkQuotas(ctx, actor, []);
  const row = {
    name: input.room,
    ...roomNameKeys(input.room),
    kind: 'room' as const,
    isPrivate: input.isPrivate ?? false,
    description: input.description ?? '',
    ownerId: actor.user.id,
    createdBy: actor.user.id,
    maxParticipants: input.maxParticipants ?? limits.maxParticipantsDefault,
  };
  return roomRecord(ctx, await commitAndPublish(ctx, actor, { type: 'create_room', actorId: actor.user.id, row, memberIds: [actor.user.id] }));
}

/**
 * The seed's group chat: a private room whose listed members are in from the start — those who
 * are the creator's contacts; the others are invited (see consent.ts).
 */
export async function createGroup(
  ctx: ChatContext,
  actor: Actor,
  input: { room: string; members: string[]; description?: string | undefined },
): Promise<{ room: RoomRecord; members: PublicUser[]; invited: User[] }> {
  refusePrivatePrefix(input.room);
  const listed = await usersByPhones(ctx, input.members, actor.user);
  const split = await splitByConsent(ctx, actor, listed);
  await checkQuotas(ctx, actor, split.direct);
  const row = {
    name: input.room,
    ...roomNameKeys(input.room),
    kind: 'group' as const,
    isPrivate: true,
    description: input.description ?? '',
    ownerId: actor.user.id,
    createdBy: actor.user.id,
    maxParticipants: limits.maxParticipantsDefault,
  };
  // Every socket of the group gets the invite, the creator's own included: unlike a message's
  // sender, who has its ack, the creator has no other copy of the event.
  const result = await commitAndPublish(ctx, actor, {
    type: 'create_room',
    actorId: actor.user.id,
    row,
    memberIds: [actor.user.id, ...split.direct.map((u) => u.id)],
    inviteeIds: split.stored.map((u) => u.id),
  });
  const room = await roomRecord(ctx, result);
  announceInvitations(ctx, actor, room, result);
  return { room, members: await memberList(ctx, result.room.id), invited: split.invited.map(toUser) };
}

/**
 * Any member of a room (not a private chat) adds people: their contacts become members at once,
 * anyone else is invited to accept.
 */
export async function invite(ctx: ChatContext, actor: Actor, input: { room: string; members: string[] }): Promise<{ members: PublicUser[]; invited: User[] }> {
  // Phones first: their answer (user_not_found) is the same whether the room exists or not. Then
  // the policy, before consent and quotas, so that a non-member learns nothing of a private room
  // from a later error (a quota, say) and gets room_not_found as for a room that does not exist.
  const users = await usersByPhones(ctx, input.members, actor.user);
  const ref = await requireRoomRef(ctx, input.room);
  const facts = await ctx.storage.rooms.findRoomById(ref.id);
  const member = facts ? await ctx.storage.rooms.membership(facts.id, actor.user.id) : null;
  authorize('invite', { actorId: actor.user.id, room: facts, member }, input.room);
  const split = await splitByConsent(ctx, actor, users);
  await checkRoomsPerUser(ctx, split.direct);
  const result = await commitAndPublish(ctx, actor, { type: 'invite', actorId: actor.user.id, roomId: ref.id, userIds: split.direct.map((u) => u.id), inviteeIds: split.stored.map((u) => u.id) });
  const added = new Set(result.added);
  const room = await roomRecord(ctx, result);
  announceInvitations(ctx, actor, room, result);
  // Someone already a member is neither added nor invited.
  const members = new Set(await ctx.storage.rooms.memberIds(room.id));
  return { members: await toPublicUsers(ctx, users.filter((u) => added.has(u.id))), invited: split.invited.filter((u) => !members.has(u.id)).map(toUser) };
}

export async function join(ctx: ChatContext, actor: Actor, input: { room: string }): Promise<{ room: RoomRecord; members: PublicUser[] }> {
  const ref = await requireRoomRef(ctx, input.room);
  if (!(await ctx.storage.rooms.membership(ref.id, actor.user.id))) await checkRoomsPerUser(ctx, [actor.user]);
  const result = await commitAndPublish(ctx, actor, { type: 'join', actorId: actor.user.id, roomId: ref.id }, actor.connId);
  return { room: await roomRecord(ctx, result), members: await memberList(ctx, result.room.id) };
}

export async function leave(ctx: ChatContext, actor: Actor, input: { room: string }): Promise<{ room: string }> {
  const ref = await requireRoomRef(ctx, input.room);
  const result = await commitAndPublish(ctx, actor, { type: 'leave', actorId: actor.user.id, roomId: ref.id }, actor.connId);
  if (result.roomDeleted) ctx.roomNames.forgetId(ref.id);
  return { room: result.room.name };
}

export async function deleteRoom(ctx: ChatContext, actor: Actor, input: { room: string }): Promise<{ room: string }> {
  const ref = await requireRoomRef(ctx, input.room);
  const result = await commitAndPublish(ctx, actor, { type: 'delete_room', actorId: actor.user.id, roomId: ref.id });
  ctx.roomNames.forgetId(ref.id);
  return { room: result.room.name };
}

/** The seed's private chat: one room per pair, named from both phones, sorted. */
export async function openPrivate(ctx: ChatContext, actor: Actor, input: { phone: string }): Promise<{ room: RoomRecord; peer: PublicUser }> {
  const peer = await ctx.storage.users.findUserByPhone(input.phone);
  if (!peer) throw new ParleyError('user_not_found', `No account has the phone number ${input.phone}.`);
  const name = privateRoomName(actor.user.phone, peer.phone);
  let room = await ctx.storage.rooms.findRoomByName(name);
  if (!room) {
    // Someone who blocked the caller cannot be reached by a new private chat; the answer is the
    // one for a number without an account, so the block is not announced.
    if ((await ctx.storage.consent.blockedBy(actor.user.id, [peer.id])).has(peer.id)) {
      throw new ParleyError('user_not_found', `No account has the phone number ${input.phone}.`);
    }
    await checkRoomsPerUser(ctx, peer.id === actor.user.id ? [actor.user] : [actor.user, peer]);
    const row = { name, ...roomNameKeys(name), kind: 'direct' as const, isPrivate: true, description: '', ownerId: null, createdBy: actor.user.id, maxParticipants: 2 };
    try {
      room = await roomRecord(ctx, await commitAndPublish(ctx, actor, { type: 'create_room', actorId: actor.user.id, row, memberIds: [actor.user.id, peer.id] }));
    } catch (error) {
      // Both people opened the chat at the same moment: the other request created it.
      if (!(error instanceof ParleyError && error.code === 'room_exists')) throw error;
      room = await ctx.storage.rooms.findRoomByName(name);
      if (!room) throw error;
    }
  }
  return { room, peer: await toPublicUser(ctx, peer) };
}

/** A room's members with their online state, for its members only. */
export async function members(ctx: ChatContext, actor: Actor, name: string): Promise<PublicUser[]> {
  const room = await readableRoom(ctx, actor, name);
  return memberList(ctx, room.id);
}
