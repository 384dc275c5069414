import type { CommitTx, RoomFacts } from './commit-tx.js';
import type { CommitResult, EventView } from './command.js';
import { authorize, type Action, type PolicyFacts } from '../policy.js';

/** The policy's verdict with the facts of this transaction. */
export function authorizeInTx(tx: CommitTx, action: Action, actorId: number, roomId: number, extra: Partial<PolicyFacts> = {}): RoomFacts {
  const room = tx.room(roomId);
  return authorize(action, { actorId, room, member: room ? tx.membership(roomId, actorId) : null, ...extra });
}

export function result(room: RoomFacts, events: EventView[], extra: Partial<CommitResult> = {}): CommitResult {
  return { room: { id: room.id, name: room.name }, events, added: [], removed: [], roomDeleted: false, ...extra };
}
