import { limits } from '@parley/protocol';
import type { MessageState } from '../chat/events/command.js';
import type { AttachmentBody } from '../uploads/attachment-view.js';

/** A message's derived row as both engines read it. */
export interface MessageRow {
  seq: number;
  senderId: number;
  body: Record<string, unknown>;
  editedText: string | null;
  editedAt: string | null;
  deleted: boolean;
  stateSeq: number;
}

export interface QuoteRow {
  seq: number;
  senderId: number;
  text: string | null;
  deleted: boolean;
}

/** Reactions of a page of messages, in the order they were put. */
export type ReactionRows = { seq: number; emoji: string; userId: number }[];

/** A message's current state from its rows: what history shows. */
export function messageState(row: MessageRow, quotes: Map<number, QuoteRow>, reactions: ReactionRows, viewerId: number | null): MessageState {
  const replyTo = typeof row.body.replyTo === 'number' ? row.body.replyTo : null;
  const mentions = Array.isArray(row.body.mentions) ? (row.body.mentions as number[]) : [];
  const original = typeof row.body.text === 'string' ? row.body.text : null;
  const quoted = replyTo !== null ? quotes.get(replyTo) : undefined;
  return {
    text: row.deleted ? null : (row.editedText ?? original),
    deleted: row.deleted,
    editedAt: row.editedAt,
    stateSeq: row.stateSeq,
    replyTo,
    mentions,
    quote: quoted ? { senderId: quoted.senderId, text: quoted.deleted ? null : (quoted.text ?? '').slice(0, limits.quoteMax), deleted: quoted.deleted } : null,
    reactions: summarize(reactions.filter((r) => r.seq === row.seq), viewerId),
    attachments: !row.deleted && Array.isArray(row.body.attachments) ? (row.body.attachments as AttachmentBody[]) : [],
  };
}

function summarize(rows: ReactionRows, viewerId: number | null): MessageState['reactions'] {
  const byEmoji = new Map<string, { emoji: string; count: number; userIds: number[]; me?: boolean }>();
  for (const { emoji, userId } of rows) {
    let summary = byEmoji.get(emoji);
    if (!summary) {
      summary = { emoji, count: 0, userIds: [], ...(viewerId !== null ? { me: false } : {}) };
      byEmoji.set(emoji, summary);
    }
    summary.count++;
    if (summary.userIds.length < limits.reactionUsersShown) summary.userIds.push(userId);
    if (userId === viewerId) summary.me = true;
  }
  return [...byEmoji.values()];
}
