import { ParleyError } from '@parley/protocol';
import type { MemberFacts, MessageFacts, RoomFacts } from './events/commit-tx.js';

/**
 * Who may do what: the one place. Pure over facts, so the same rule runs before a command is
 * queued (facts read from storage, to answer fast) and again inside the commit (facts of the
 * transaction, so a race — a room deleted, a member removed in the same turn — cannot slip past).
 *
 * The answer for a room one may not see is room_not_found, the same as for a room that does not
 * exist: nothing of a private room, its existence included, reaches a non-member.
 */
export type Action =
  | 'read' // history, members, read markers
  | 'notify' // one's own notification level for the room
  | 'send'
  | 'edit'
  | 'redact'
  | 'react'
  | 'join'
  | 'leave'
  | 'invite'
  | 'delete_room';

export interface PolicyFacts {
  actorId: number;
  room: RoomFacts | null;
  /** The actor's membership of the room, if any. */
  member: MemberFacts | null;
  /** For edit, redact, react: the message acted on. */
  target?: MessageFacts | null;
  /** For edit: how long after sending a message may be edited (0: no limit). */
  editWindowMs?: number;
  /** For edit: now, in ms since the epoch. */
  nowMs?: number;
  /** For join: whether the actor holds an invitation to the room. */
  invited?: boolean;
}

function notFound(name: string | undefined): ParleyError {
  return new ParleyError('room_not_found', name ? `There is no room named "${name}".` : 'The room was deleted.');
}

/** Whether a non-member may know the room exists: only public rooms are findable. */
export function visibleToNonMembers(room: RoomFacts): boolean {
  return room.kind === 'room' && !room.isPrivate;
}

/** Throws the error that refuses `action`, or returns the room when it is allowed. */
export function authorize(action: Action, facts: PolicyFacts, roomName?: string): RoomFacts {
  const { room, member } = facts;
  if (!room) throw notFound(roomName);
  if (!member) {
    // An invitation opens a private room to the one invited, for joining and nothing else.
    if (action === 'join' && facts.invited) return room;
    if (!visibleToNonMembers(room)) throw notFound(roomName ?? room.name);
    if (action !== 'join') throw new ParleyError('forbidden', `You are not a member of "${room.name}".`);
    return room;
  }
  switch (action) {
    case 'read':
    case 'notify':
    case 'send':
    case 'join':
      return room;
    case 'leave':
    case 'invite':
      if (room.kind === 'direct') throw new ParleyError('forbidden', `A private chat cannot be ${action === 'leave' ? 'left' : 'joined by others'}.`);
      return room;
    case 'delete_room':
      if (room.kind === 'direct') throw new ParleyError('forbidden', 'A private chat cannot be deleted.');
      if (room.ownerId !== facts.actorId) throw new ParleyError('forbidden', `Only the owner can delete "${room.name}".`);
      return room;
    case 'edit':
    case 'redact':
    case 'react': {
      const target = facts.target;
      if (!target || target.deleted) throw new ParleyError('message_not_found', `"${room.name}" has no message ${targetLabel(target)}.`, [{ field: 'target', message: 'is not a message of this room' }]);
      if (action === 'react') return room;
      if (target.senderId !== facts.actorId) throw new ParleyError('forbidden', `Only the sender can ${action === 'edit' ? 'edit' : 'delete'} this message.`);
      if (action === 'edit' && facts.editWindowMs && facts.nowMs !== undefined && facts.nowMs - Date.parse(target.ts) > facts.editWindowMs) {
        throw new ParleyError('edit_window_passed', `Messages can be edited for ${describeWindow(facts.editWindowMs)} after they are sent.`);
      }
      return room;
    }
  }
}

function targetLabel(target: MessageFacts | null | undefined): string {
  return target ? `${target.seq} (it was deleted)` : 'with that seq';
}

function describeWindow(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours >= 1 && Number.isInteger(hours)) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const minutes = Math.round(ms / 60_000);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
