import { ParleyError, limits } from '@parley/protocol';
import type { CommitTx } from './commit-tx.js';
import type { Command, CommitResult, MessageState } from './command.js';
import { authorizeInTx, result } from './rule-helpers.js';
import { attachmentBody, type AttachmentBody } from '../../uploads/attachment-view.js';

type MessageCommand = Extract<Command, { type: 'message' }>;

/** The stored body of a message event; the text is the original (edits have their own events). */
export interface MessageBody {
  /** Absent for files sent without a caption. */
  text?: string;
  replyTo?: number;
  mentions?: number[];
  attachments?: AttachmentBody[];
}

/**
 * A message: stored with the room's next seq, its derived row (current text, reply, mentions)
 * written in the same commit, and the sender's read marker moved to it — one has read what one
 * wrote. A clientMsgId seen before stores nothing and returns the first message. Attachments
 * must be the sender's own unsent uploads, checked here so that two messages racing for one
 * upload cannot both take it; once sent, an upload belongs to the room (its members may fetch it).
 */
export function applyMessage(tx: CommitTx, cmd: MessageCommand): CommitResult {
  const room = authorizeInTx(tx, 'send', cmd.actorId, cmd.roomId);
  const earlier = tx.byClientMsgId(room.id, cmd.actorId, cmd.clientMsgId);
  if (earlier) return result(room, [], { duplicate: earlier });
  let quote: MessageState['quote'] = null;
  if (cmd.replyTo !== null) {
    const original = tx.message(room.id, cmd.replyTo);
    if (!original || original.deleted) {
      throw new ParleyError('message_not_found', `"${room.name}" has no message ${cmd.replyTo} to reply to.`, [{ field: 'replyTo', message: 'is not a message of this room' }]);
    }
    quote = { senderId: original.senderId, text: (original.text ?? '').slice(0, limits.quoteMax), deleted: false };
  }
  const strangers = cmd.mentions.filter((id) => !tx.membership(room.id, id));
  if (strangers.length > 0) throw new ParleyError('invalid_input', 'Only members of the room can be mentioned.', [{ field: 'mentions', message: 'must name members of the room' }]);
  const attachments = (cmd.attachments ?? []).map((id) => sendable(tx, cmd.actorId, id));
  if (cmd.text === null && attachments.length === 0) throw new ParleyError('invalid_input', 'A message needs text or files.', [{ field: 'text', message: 'is required without attachments' }]);
  const body: MessageBody = {
    ...(cmd.text !== null ? { text: cmd.text } : {}),
    ...(cmd.replyTo !== null ? { replyTo: cmd.replyTo } : {}),
    ...(cmd.mentions.length ? { mentions: cmd.mentions } : {}),
    ...(attachments.length ? { attachments } : {}),
  };
  const event = tx.append({ roomId: room.id, type: 'message', senderId: cmd.actorId, targetSeq: null, body: { ...body }, clientMsgId: cmd.clientMsgId });
  tx.insertMessage(room.id, event.seq, { senderId: cmd.actorId, text: cmd.text, replyTo: cmd.replyTo, mentions: cmd.mentions });
  for (const a of attachments) tx.sendUpload(a.id, room.id, event.seq);
  tx.markRead(room.id, cmd.actorId, event.seq);
  const message: MessageState = { text: cmd.text, deleted: false, editedAt: null, stateSeq: event.seq, replyTo: cmd.replyTo, mentions: cmd.mentions, quote, reactions: [], attachments };
  return result(room, [{ ...event, message }]);
}

/** An upload the actor may attach: their own and not sent yet. Anyone else's reads as missing. */
function sendable(tx: CommitTx, actorId: number, id: string): AttachmentBody {
  const upload = tx.upload(id);
  if (!upload || upload.ownerId !== actorId) throw new ParleyError('upload_not_found', `No upload ${id} of yours.`, [{ field: 'attachments', message: 'must name your own uploads' }]);
  if (upload.roomId !== null) throw new ParleyError('invalid_input', `Upload ${id} was sent already; upload the file again to send it elsewhere.`, [{ field: 'attachments', message: 'must name unsent uploads' }]);
  return attachmentBody(upload);
}
