import { ParleyError, limits } from '@parley/protocol';
import type { CommitTx } from './commit-tx.js';
import type { Command, CommitResult } from './command.js';
import { authorizeInTx, result } from './rule-helpers.js';

type ReactCommand = Extract<Command, { type: 'react' }>;

export interface ReactionBody {
  emoji: string;
  on: boolean;
}

/**
 * A reaction put on or taken off: idempotent (the same emoji twice is one reaction), bounded
 * per message and per person, counted in the same commit.
 */
export function applyReact(tx: CommitTx, cmd: ReactCommand): CommitResult {
  const target = tx.message(cmd.roomId, cmd.target);
  const room = authorizeInTx(tx, 'react', cmd.actorId, cmd.roomId, { target });
  const current = tx.reactions(room.id, cmd.target);
  const already = current.get(cmd.emoji)?.includes(cmd.actorId) ?? false;
  if (already === cmd.on) return result(room, []);
  if (cmd.on) {
    if (!current.has(cmd.emoji) && current.size >= limits.reactionEmojiMax) {
      throw new ParleyError('too_many_reactions', `A message can have at most ${limits.reactionEmojiMax} different reactions.`);
    }
    let mine = 0;
    for (const users of current.values()) if (users.includes(cmd.actorId)) mine++;
    if (mine >= limits.reactionsPerUserMax) {
      throw new ParleyError('too_many_reactions', `You can put at most ${limits.reactionsPerUserMax} different reactions on one message.`);
    }
  }
  const body: ReactionBody = { emoji: cmd.emoji, on: cmd.on };
  const event = tx.append({ roomId: room.id, type: 'reaction', senderId: cmd.actorId, targetSeq: cmd.target, body: { ...body }, clientMsgId: null });
  tx.setReaction(room.id, cmd.target, cmd.emoji, cmd.actorId, cmd.on, event.seq);
  return result(room, [event]);
}
