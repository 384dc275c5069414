import { ParleyError, type Invitation, type InvitationFrame, type PublicUser, type User } from '@parley/protocol';
import type { CommitResult } from './events/command.js';
import type { RoomRecord, UserRecord } from '../storage/storage.js';
import { memberList, noSuchRoom, requireRoomRef, toUser, userLookup, type Actor, type ChatContext } from './chat-context.js';
import { publishCommit } from './publish.js';

/**
 * Who may be put in a room by whom. One's contacts — people one shares a room or a private chat
 * with, or whose invitation one accepted — are added at once; anyone else is invited and becomes a
 * member only by accepting, so that no stranger can fill someone's room list. Someone who blocked
 * the inviter gets nothing, and the inviter cannot tell them from anyone who has not answered yet.
 */
export interface ConsentSplit {
  /** Added at once. */
  direct: UserRecord[];
  /** Shown to the inviter as invited. */
  invited: UserRecord[];
  /** Of those, the ones whose invitation is stored (not blocking the inviter). */
  stored: UserRecord[];
}

export async function splitByConsent(ctx: ChatContext, actor: Actor, users: UserRecord[]): Promise<ConsentSplit> {
  const ids = users.map((u) => u.id);
  const [contacts, blocking] = await Promise.all([ctx.storage.consent.contactsAmong(actor.user.id, ids), ctx.storage.consent.blockedBy(actor.user.id, ids)]);
  const direct = users.filter((u) => contacts.has(u.id) && !blocking.has(u.id));
  const invited = users.filter((u) => !direct.includes(u));
  return { direct, invited, stored: invited.filter((u) => !blocking.has(u.id)) };
}

/** Tells each newly invited person, on all their sockets. */
export function announceInvitations(ctx: ChatContext, actor: Actor, room: RoomRecord, result: CommitResult): void {
  if (!result.invited || result.invited.length === 0) return;
  const frame: InvitationFrame = { type: 'invitation', room: room.name, kind: room.kind, memberCount: room.memberCount, from: toUser(actor.user), createdAt: new Date().toISOString() };
  ctx.bus.publish({ type: 'users', userIds: result.invited, frame: JSON.stringify(frame) });
}

/** The caller's pending invitations, newest first. */
export async function myInvitations(ctx: ChatContext, actor: Actor): Promise<Invitation[]> {
  const records = await ctx.storage.consent.invitationsOf(actor.user.id);
  const users = await userLookup(ctx, records.map((r) => r.inviterId));
  return records.map((r) => ({ room: r.roomName, kind: r.kind, memberCount: r.memberCount, from: users(r.inviterId), createdAt: r.createdAt }));
}

/** Accepting an invitation: a member at once, and the inviter's contact from then on. */
export async function acceptInvitation(ctx: ChatContext, actor: Actor, input: { room: string }): Promise<{ room: RoomRecord; members: PublicUser[] }> {
  const ref = await requireRoomRef(ctx, input.room);
  const result = await ctx.storage.events.commit({ type: 'accept_invitation', actorId: actor.user.id, roomId: ref.id });
  await publishCommit(ctx, result, actor.user, { skipConnId: actor.connId });
  const room = await ctx.storage.rooms.findRoomById(ref.id);
  if (!room) throw noSuchRoom(input.room);
  return { room, members: await memberList(ctx, room.id) };
}

/** Turning an invitation down, and with `block` every further one (and new private chats) from the inviter. */
export async function declineInvitation(ctx: ChatContext, actor: Actor, input: { room: string; block?: boolean | undefined }): Promise<{ room: string }> {
  const ref = await ctx.roomNames.resolve(input.room);
  const invitation = ref ? (await ctx.storage.consent.invitationsOf(actor.user.id)).find((i) => i.roomId === ref.id) : undefined;
  // No invitation and a room one may not see answer alike: nothing tells which rooms exist.
  if (!ref || !invitation) throw noSuchRoom(input.room);
  await ctx.storage.consent.dropInvitation(ref.id, actor.user.id);
  if (input.block) await blockUser(ctx, actor, invitation.inviterId);
  return { room: ref.name };
}

async function blockUser(ctx: ChatContext, actor: Actor, blockedId: number): Promise<void> {
  if (blockedId === actor.user.id) throw new ParleyError('invalid_input', 'You cannot block yourself.', [{ field: 'phone', message: 'is your own number' }]);
  await ctx.storage.consent.block(actor.user.id, blockedId);
  await ctx.storage.consent.dropInvitationsFrom(blockedId, actor.user.id);
}

async function userByPhone(ctx: ChatContext, phone: string): Promise<UserRecord> {
  const user = await ctx.storage.users.findUserByPhone(phone);
  if (!user) throw new ParleyError('user_not_found', `No account has the phone number ${phone}.`, [{ field: 'phone', message: 'has no account' }]);
  return user;
}

export async function block(ctx: ChatContext, actor: Actor, phone: string): Promise<void> {
  await blockUser(ctx, actor, (await userByPhone(ctx, phone)).id);
}

export async function unblock(ctx: ChatContext, actor: Actor, phone: string): Promise<void> {
  await ctx.storage.consent.unblock(actor.user.id, (await userByPhone(ctx, phone)).id);
}

export async function blockedUsers(ctx: ChatContext, actor: Actor): Promise<User[]> {
  const ids = await ctx.storage.consent.blocked(actor.user.id);
  const users = await userLookup(ctx, ids);
  return ids.map(users);
}
