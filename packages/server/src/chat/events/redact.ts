import type { CommitTx } from './commit-tx.js';
import type { Command, CommitResult } from './command.js';
import { authorizeInTx, result } from './rule-helpers.js';

type RedactCommand = Extract<Command, { type: 'redact' }>;

/**
 * A delete: its own event, and in the same commit the message's text removed from storage for
 * good (its row, its event, its edits), with its reactions and mentions. Deleting what is already
 * deleted changes nothing.
 */
export function applyRedact(tx: CommitTx, cmd: RedactCommand): CommitResult {
  const target = tx.message(cmd.roomId, cmd.target);
  if (target?.deleted && target.senderId === cmd.actorId) {
    const room = authorizeInTx(tx, 'read', cmd.actorId, cmd.roomId);
    return result(room, []);
  }
  const room = authorizeInTx(tx, 'redact', cmd.actorId, cmd.roomId, { target });
  const event = tx.append({ roomId: room.id, type: 'redact', senderId: cmd.actorId, targetSeq: cmd.target, body: {}, clientMsgId: null });
  tx.redactMessage(room.id, cmd.target, event.seq);
  return result(room, [event]);
}
