import type { AttachmentBody } from '../../uploads/attachment-view.js';
import type { NewRoomRow, StoredEvent } from './commit-tx.js';

/**
 * A change to a room, as the chat core asks storage to commit it. Each is applied by its rules
 * (this folder) inside the batched transaction, where it takes the room's next seqs and updates
 * the derived state; it may store several events (a leave that hands ownership over) or none
 * (a reaction that is already there).
 */
export type Command =
  /** `inviteeIds`: people asked to accept (not the creator's contacts); they are not members yet. */
  | { type: 'create_room'; actorId: number; row: NewRoomRow; memberIds: number[]; inviteeIds?: number[] }
  | { type: 'delete_room'; actorId: number; roomId: number }
  /** `text` is null for files sent without a caption; `attachments` are upload ids (none for plain text). */
  | { type: 'message'; actorId: number; roomId: number; clientMsgId: string; text: string | null; replyTo: number | null; mentions: number[]; attachments?: string[] }
  | { type: 'edit'; actorId: number; roomId: number; target: number; text: string }
  | { type: 'redact'; actorId: number; roomId: number; target: number }
  | { type: 'react'; actorId: number; roomId: number; target: number; emoji: string; on: boolean }
  | { type: 'join'; actorId: number; roomId: number }
  | { type: 'leave'; actorId: number; roomId: number }
  | { type: 'invite'; actorId: number; roomId: number; userIds: number[]; inviteeIds?: number[] }
  | { type: 'accept_invitation'; actorId: number; roomId: number };

export type CommandType = Command['type'];

/** The current state of a message, as of `stateSeq`: what history shows and a reply quotes. */
export interface MessageState {
  /** Null once deleted. */
  text: string | null;
  deleted: boolean;
  editedAt: string | null;
  stateSeq: number;
  replyTo: number | null;
  mentions: number[];
  /** The message replied to, as it is now. */
  quote: { senderId: number; text: string | null; deleted: boolean } | null;
  /** The files sent with it (none once deleted). */
  attachments: AttachmentBody[];
  /** In the order each emoji was first put; `userIds` are the first few who put it. */
  reactions: { emoji: string; count: number; userIds: number[]; me?: boolean }[];
}

/** A stored event with what rendering it needs: a message's current state. */
export interface EventView extends StoredEvent {
  message?: MessageState;
}

export interface CommitResult {
  room: { id: number; name: string };
  /** The events stored, in seq order (none when nothing changed). */
  events: EventView[];
  /** A message sent again with the same clientMsgId: the event stored the first time; nothing new was stored. */
  duplicate?: StoredEvent;
  /** Users who became or stopped being members: their sessions' subscriptions follow. */
  added: number[];
  removed: number[];
  /** Invitations stored by this command (invitee ids), to tell the invitees. */
  invited?: number[];
  roomDeleted: boolean;
}
