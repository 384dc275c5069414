import { ParleyError, isPrivateRoomName, limits, privateRoomName, type ClientFrameBody, type OkPayloads } from '@parley/protocol';
import type { RoomRecord, UserRecord } from '../storage/storage.js';
import { appendAndPublish, memberList, requireMember, requireRoom, toPublicUser, toPublicUsers, toUser, type ChatContext } from './chat-context.js';
import type { Actor, ChatUser } from './session.js';
import { deleteEvent, roomInfo, systemText } from './views.js';

function refusePrivatePrefix(name: string): void {
  if (isPrivateRoomName(name)) {
    throw new ParleyError('invalid_input', `Room names starting with "private_room_" are reserved for private chats.`, [
      { field: 'room', message: 'must not start with private_room_' },
    ]);
  }
}

function refuseDirect(room: RoomRecord, what: string): void {
  if (room.kind === 'direct') throw new ParleyError('forbidden', `A private chat cannot be ${what}.`);
}

async function usersByPhones(ctx: ChatContext, phones: string[], exclude: ChatUser): Promise<UserRecord[]> {
  const wanted = [...new Set(phones)].filter((p) => p !== exclude.phone);
  const users = await ctx.storage.users.findUsersByPhones(wanted);
  const missing = wanted.filter((p) => !users.some((u) => u.phone === p));
  if (missing.length > 0) {
    throw new ParleyError('user_not_found', `No account has the phone number ${missing.join(', ')}.`, [{ field: 'members', message: `unknown: ${missing.join(', ')}` }]);
  }
  return users;
}

function checkCapacity(room: RoomRecord, current: number, adding: number): void {
  if (current + adding > room.maxParticipants) {
    throw new ParleyError('room_full', `"${room.name}" is full (${room.maxParticipants} participants at most).`);
  }
}

export async function createRoom(ctx: ChatContext, actor: Actor, body: ClientFrameBody<'create_room'>): Promise<OkPayloads['create_room']> {
  refusePrivatePrefix(body.room);
  const isPrivate = body.isPrivate ?? false;
  const room = await ctx.storage.rooms.createRoom(
    {
      name: body.room,
      kind: 'room',
      isPrivate,
      description: body.description ?? '',
      ownerId: actor.user.id,
      maxParticipants: body.maxParticipants ?? limits.maxParticipantsDefault,
    },
    [actor.user.id],
  );
  ctx.bus.publish({ type: 'membership', roomId: room.id, userIds: [actor.user.id], change: 'add' });
  return { room: room.name, info: roomInfo(await ctx.storage.rooms.withCount(room)) };
}

/** The seed's group chat: a private room whose listed members are in from the start. */
export async function createGroup(ctx: ChatContext, actor: Actor, body: ClientFrameBody<'create_group'>): Promise<OkPayloads['create_group']> {
  refusePrivatePrefix(body.room);
  const invited = await usersByPhones(ctx, body.members, actor.user);
  const room = await ctx.storage.rooms.createRoom(
    {
      name: body.room,
      kind: 'group',
      isPrivate: true,
      description: body.description ?? '',
      ownerId: actor.user.id,
      maxParticipants: limits.maxParticipantsDefault,
    },
    [actor.user.id, ...invited.map((u) => u.id)],
  );
  const memberIds = [actor.user.id, ...invited.map((u) => u.id)];
  ctx.bus.publish({ type: 'membership', roomId: room.id, userIds: memberIds, change: 'add' });
  if (invited.length > 0) await announceInvite(ctx, actor, room, invited);
  return { room: room.name, info: roomInfo(await ctx.storage.rooms.withCount(room)), members: await memberList(ctx, room.id) };
}

// Every session of the room gets the invite, the inviter's own included: unlike a message's
// sender, who has its ack, the inviter has no other copy of the entry.
async function announceInvite(ctx: ChatContext, actor: Actor, room: RoomRecord, added: UserRecord[]): Promise<void> {
  const members = added.map(toUser);
  await appendAndPublish(ctx, room, {
    roomId: room.id,
    kind: 'invite',
    senderId: actor.user.id,
    sender: toUser(actor.user),
    text: systemText.invite(actor.user, members, room.name),
    clientMsgId: null,
    members,
  });
}

/** Any member of a room (not a private chat) adds people; they become members at once. */
export async function invite(ctx: ChatContext, actor: Actor, body: ClientFrameBody<'invite'>): Promise<OkPayloads['invite']> {
  const room = await requireRoom(ctx, body.room);
  await requireMember(ctx, room, actor.user);
  refuseDirect(room, 'joined by others');
  const users = await usersByPhones(ctx, body.members, actor.user);
  const current = new Set(await ctx.storage.rooms.memberIds(room.id));
  checkCapacity(room, current.size, users.filter((u) => !current.has(u.id)).length);
  const addedIds = new Set(await ctx.storage.rooms.addMembers(room.id, users.map((u) => u.id)));
  const added = users.filter((u) => addedIds.has(u.id));
  if (added.length > 0) {
    ctx.bus.publish({ type: 'membership', roomId: room.id, userIds: [...addedIds], change: 'add' });
    await announceInvite(ctx, actor, room, added);
  }
  return { room: room.name, members: await toPublicUsers(ctx, added) };
}

export async function join(ctx: ChatContext, actor: Actor, body: ClientFrameBody<'join'>): Promise<OkPayloads['join']> {
  const room = await requireRoom(ctx, body.room);
  if (!(await ctx.storage.rooms.isMember(room.id, actor.user.id))) {
    if (room.isPrivate) throw new ParleyError('forbidden', `"${room.name}" is private; a member must add you.`);
    const { memberCount } = await ctx.storage.rooms.withCount(room);
    checkCapacity(room, memberCount, 1);
    await ctx.storage.rooms.addMembers(room.id, [actor.user.id]);
    // A public room left empty has no owner; whoever brings it back to life takes it.
    if (room.ownerId === null) await ctx.storage.rooms.setOwner(room.id, actor.user.id);
    ctx.bus.publish({ type: 'membership', roomId: room.id, userIds: [actor.user.id], change: 'add' });
    await appendAndPublish(
      ctx,
      room,
      { roomId: room.id, kind: 'join', senderId: actor.user.id, sender: toUser(actor.user), text: systemText.join(actor.user, room.name), clientMsgId: null },
      actor.connId,
    );
  }
  const info = roomInfo(await ctx.storage.rooms.withCount(room));
  return { room: room.name, info, members: await memberList(ctx, room.id), lastSeq: info.lastSeq };
}

export async function leave(ctx: ChatContext, actor: Actor, body: ClientFrameBody<'leave'>): Promise<OkPayloads['leave']> {
  const room = await requireRoom(ctx, body.room);
  await requireMember(ctx, room, actor.user);
  refuseDirect(room, 'left');
  await appendAndPublish(
    ctx,
    room,
    { roomId: room.id, kind: 'leave', senderId: actor.user.id, sender: toUser(actor.user), text: systemText.leave(actor.user, room.name), clientMsgId: null },
    actor.connId,
  );
  await ctx.storage.rooms.removeMember(room.id, actor.user.id);
  ctx.bus.publish({ type: 'membership', roomId: room.id, userIds: [actor.user.id], change: 'remove' });
  const remaining = await ctx.storage.rooms.memberIds(room.id);
  if (remaining.length === 0 && room.isPrivate) {
    // Nobody could ever get back in: the room and its history go.
    await ctx.storage.rooms.deleteRoom(room.id);
    ctx.bus.publish({ type: 'room_deleted', roomId: room.id, frame: JSON.stringify(deleteEvent(room.name)) });
  } else if (room.ownerId === actor.user.id) {
    await ctx.storage.rooms.setOwner(room.id, remaining[0] ?? null);
  }
  return { room: room.name };
}

export async function deleteRoom(ctx: ChatContext, actor: Actor, body: ClientFrameBody<'delete_room'>): Promise<OkPayloads['delete_room']> {
  const room = await requireRoom(ctx, body.room);
  await requireMember(ctx, room, actor.user);
  refuseDirect(room, 'deleted');
  if (room.ownerId !== actor.user.id) throw new ParleyError('forbidden', `Only the owner can delete "${room.name}".`);
  await ctx.storage.rooms.deleteRoom(room.id);
  ctx.bus.publish({ type: 'room_deleted', roomId: room.id, frame: JSON.stringify(deleteEvent(room.name)) });
  return { room: room.name };
}

/** The seed's private chat: one room per pair, named from both phones, sorted. */
export async function openPrivate(ctx: ChatContext, actor: Actor, body: ClientFrameBody<'private'>): Promise<OkPayloads['private']> {
  const peer = await ctx.storage.users.findUserByPhone(body.phone);
  if (!peer) throw new ParleyError('user_not_found', `No account has the phone number ${body.phone}.`);
  const name = privateRoomName(actor.user.phone, peer.phone);
  const memberIds = [...new Set([actor.user.id, peer.id])];
  let room = await ctx.storage.rooms.findRoomByName(name);
  if (!room) {
    try {
      room = await ctx.storage.rooms.createRoom(
        { name, kind: 'direct', isPrivate: true, description: '', ownerId: null, maxParticipants: 2 },
        memberIds,
      );
      ctx.bus.publish({ type: 'membership', roomId: room.id, userIds: memberIds, change: 'add' });
    } catch (error) {
      // Both people opened the chat at the same moment: the other request created it.
      if (!(error instanceof ParleyError && error.code === 'room_exists')) throw error;
      room = await requireRoom(ctx, name);
    }
  }
  return { room: room.name, info: roomInfo(await ctx.storage.rooms.withCount(room)), peer: await toPublicUser(ctx, peer) };
}
