import { ParleyError, type StoredSystemEventName } from '@parley/protocol';
import type { CommitTx, RoomFacts, StoredEvent } from './commit-tx.js';
import type { Command, CommitResult } from './command.js';
import { authorizeInTx, result } from './rule-helpers.js';

/** The stored body of a member event: what happened and to whom (user ids). */
export interface MemberBody {
  op: StoredSystemEventName;
  users: number[];
}

function memberEvent(tx: CommitTx, room: RoomFacts, actorId: number, op: MemberBody['op'], users: number[]): StoredEvent {
  const body: MemberBody = { op, users };
  return tx.append({ roomId: room.id, type: 'member', senderId: actorId, targetSeq: null, body: { ...body }, clientMsgId: null });
}

function checkCapacity(room: RoomFacts, adding: number): void {
  if (room.memberCount + adding > room.maxParticipants) {
    throw new ParleyError('room_full', `"${room.name}" is full (${room.maxParticipants} participants at most).`);
  }
}

/** Joining a public room (a member joining again changes nothing). A room left empty is taken over by whoever joins it. */
export function applyJoin(tx: CommitTx, cmd: Extract<Command, { type: 'join' }>): CommitResult {
  const room = authorizeInTx(tx, 'join', cmd.actorId, cmd.roomId);
  if (tx.membership(room.id, cmd.actorId)) return result(room, []);
  checkCapacity(room, 1);
  tx.addMember(room.id, cmd.actorId);
  const events = [memberEvent(tx, room, cmd.actorId, 'join', [cmd.actorId])];
  if (room.ownerId === null && room.kind !== 'direct') {
    tx.setOwner(room.id, cmd.actorId);
    events.push(memberEvent(tx, room, cmd.actorId, 'owner', [cmd.actorId]));
  }
  return result(room, events, { added: [cmd.actorId] });
}

/**
 * Leaving, with what it causes, as one change: an owner's room passes to the longest-standing
 * member (an event every member sees); a private room or group left empty is deleted, since
 * nobody could get back in.
 */
export function applyLeave(tx: CommitTx, cmd: Extract<Command, { type: 'leave' }>): CommitResult {
  const room = authorizeInTx(tx, 'leave', cmd.actorId, cmd.roomId);
  const events = [memberEvent(tx, room, cmd.actorId, 'leave', [cmd.actorId])];
  tx.removeMember(room.id, cmd.actorId);
  if (room.memberCount - 1 <= 0 && room.isPrivate) {
    tx.deleteRoom(room.id);
    return result(room, events, { removed: [cmd.actorId], roomDeleted: true });
  }
  if (room.ownerId === cmd.actorId) {
    const heir = tx.senior(room.id, cmd.actorId);
    tx.setOwner(room.id, heir);
    if (heir !== null) events.push(memberEvent(tx, room, cmd.actorId, 'owner', [heir]));
  }
  return result(room, events, { removed: [cmd.actorId] });
}

/** Stores invitations for those not yet members nor invited; returns whom it invited. */
function storeInvitations(tx: CommitTx, roomId: number, inviterId: number, inviteeIds: number[] | undefined): number[] {
  const invited = [...new Set(inviteeIds ?? [])].filter((id) => !tx.membership(roomId, id) && !tx.invitation(roomId, id));
  for (const id of invited) tx.setInvitation(roomId, id, inviterId);
  return invited;
}

/**
 * Adding people to a room or group: the inviter's contacts become members at once, within
 * capacity; anyone else gets an invitation to accept, so that nobody is put in a room unasked.
 */
export function applyInvite(tx: CommitTx, cmd: Extract<Command, { type: 'invite' }>): CommitResult {
  const room = authorizeInTx(tx, 'invite', cmd.actorId, cmd.roomId);
  const adding = [...new Set(cmd.userIds)].filter((id) => !tx.membership(room.id, id));
  checkCapacity(room, adding.length);
  for (const id of adding) tx.addMember(room.id, id);
  const invited = storeInvitations(tx, room.id, cmd.actorId, cmd.inviteeIds);
  const events = adding.length > 0 ? [memberEvent(tx, room, cmd.actorId, 'invite', adding)] : [];
  return result(room, events, { added: adding, invited });
}

/** Accepting an invitation: a member from then on, and a contact of whoever invited. */
export function applyAcceptInvitation(tx: CommitTx, cmd: Extract<Command, { type: 'accept_invitation' }>): CommitResult {
  const invitation = tx.invitation(cmd.roomId, cmd.actorId);
  const room = authorizeInTx(tx, 'join', cmd.actorId, cmd.roomId, { invited: invitation !== null });
  if (tx.membership(room.id, cmd.actorId)) {
    tx.setInvitation(room.id, cmd.actorId, null);
    return result(room, []);
  }
  checkCapacity(room, 1);
  tx.addMember(room.id, cmd.actorId);
  if (invitation) {
    tx.setInvitation(room.id, cmd.actorId, null);
    tx.addContact(invitation.inviterId, cmd.actorId);
  }
  return result(room, [memberEvent(tx, room, cmd.actorId, 'join', [cmd.actorId])], { added: [cmd.actorId] });
}

/** A new room, group or private chat with its first members; a group records who added whom. */
export function applyCreateRoom(tx: CommitTx, cmd: Extract<Command, { type: 'create_room' }>): CommitResult {
  // Two names that differ only by case or by look-alike letters would pass for one another.
  if (tx.roomIdByKey(cmd.row.nameKey) !== null || tx.roomIdBySkeleton(cmd.row.nameSkeleton) !== null) {
    throw new ParleyError('room_exists', `A room named "${cmd.row.name}" already exists.`, [{ field: 'room', message: 'is taken' }]);
  }
  const roomId = tx.createRoom(cmd.row);
  const memberIds = [...new Set(cmd.memberIds)];
  for (const id of memberIds) tx.addMember(roomId, id);
  const room = tx.room(roomId)!;
  const others = memberIds.filter((id) => id !== cmd.actorId);
  const events = cmd.row.kind === 'group' && others.length > 0 ? [memberEvent(tx, room, cmd.actorId, 'invite', others)] : [];
  const invited = storeInvitations(tx, roomId, cmd.actorId, cmd.inviteeIds);
  return result(tx.room(roomId)!, events, { added: memberIds, invited });
}

/** Deleting a room (its owner only), with its memberships and history. */
export function applyDeleteRoom(tx: CommitTx, cmd: Extract<Command, { type: 'delete_room' }>): CommitResult {
  const room = authorizeInTx(tx, 'delete_room', cmd.actorId, cmd.roomId);
  tx.deleteRoom(room.id);
  return result(room, [], { roomDeleted: true });
}
