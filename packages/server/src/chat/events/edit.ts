import type { CommitTx } from './commit-tx.js';
import type { Command, CommitResult } from './command.js';
import { authorizeInTx, result } from './rule-helpers.js';

type EditCommand = Extract<Command, { type: 'edit' }>;

/** The stored body of an edit event: the new text (removed if the message is later deleted). */
export interface EditBody {
  text?: string;
}

/**
 * An edit: its own event (so a client that was away catches it up by seq), and the message's
 * current text in the same commit. The same text again changes nothing. The earlier versions stay
 * in the edit events, for the sender and moderators.
 */
export function applyEdit(tx: CommitTx, cmd: EditCommand, editWindowMs: number): CommitResult {
  const target = tx.message(cmd.roomId, cmd.target);
  const room = authorizeInTx(tx, 'edit', cmd.actorId, cmd.roomId, { target, editWindowMs, nowMs: Date.parse(tx.now) });
  if (target!.text === cmd.text) return result(room, []);
  const event = tx.append({ roomId: room.id, type: 'edit', senderId: cmd.actorId, targetSeq: cmd.target, body: { text: cmd.text }, clientMsgId: null });
  tx.editMessage(room.id, cmd.target, cmd.text, event.seq);
  return result(room, [event]);
}
