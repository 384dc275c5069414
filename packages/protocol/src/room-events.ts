import { z } from 'zod';

/**
 * The room events as clients receive them, pushed live and in history pages: one schema per
 * `type`, a union keyed on `type`. Every lasting change to a room is one of these, with the
 * room's next `seq`. A message in a history page carries its current state (edited text,
 * deletion, reactions) with `stateSeq`, the seq of the last event folded into it, so that a
 * client applying events it already has changes nothing.
 */

export const userSchema = z.object({ name: z.string(), phone: z.string() });

const eventBase = {
  room: z.string(),
  seq: z.number().int(),
  ts: z.string(),
};

/** One emoji on one message: how many reacted, whether the viewer did, and the first few who did. */
export const reactionSummarySchema = z.object({
  emoji: z.string(),
  count: z.number().int(),
  /** Whether the viewer is among them; absent where the frame is the same for every viewer. */
  me: z.boolean().optional(),
  users: z.array(userSchema),
});
export type ReactionSummary = z.infer<typeof reactionSummarySchema>;

/** What a reply shows of the message it answers, as that message is now. */
export const quoteSchema = z.object({
  from: userSchema,
  /** The first characters of its current text; absent when it was deleted. */
  text: z.string().optional(),
  deleted: z.literal(true).optional(),
});
export type Quote = z.infer<typeof quoteSchema>;

/**
 * A file sent with a message, as described when it was uploaded. `url` and `thumbnailUrl` are
 * same-origin paths a member's browser loads directly (see docs/protocol.md, "Loading files").
 */
export const attachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Sniffed from the bytes by the server. */
  type: z.string(),
  size: z.number().int(),
  /** Of the upright image; present for decoded images only, so a client can reserve the space. */
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  url: z.string(),
  thumbnailUrl: z.string().optional(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const messageEventSchema = z.object({
  type: z.literal('message'),
  ...eventBase,
  from: userSchema,
  /** The current text; absent once the message is deleted, and for files sent without a caption. */
  text: z.string().optional(),
  /** The files sent with it, in the order given; absent when none were, or once it is deleted. */
  attachments: z.array(attachmentSchema).optional(),
  clientMsgId: z.string(),
  replyTo: z.number().int().optional(),
  quote: quoteSchema.optional(),
  /** Phones of the members mentioned. */
  mentions: z.array(z.string()).optional(),
  editedAt: z.string().optional(),
  deleted: z.literal(true).optional(),
  reactions: z.array(reactionSummarySchema).optional(),
  /** The seq of the newest edit, delete or reaction already applied to this message; absent when none was. */
  stateSeq: z.number().int().optional(),
});
export type MessageEvent = z.infer<typeof messageEventSchema>;

export const editEventSchema = z.object({
  type: z.literal('edit'),
  ...eventBase,
  target: z.number().int(),
  /** Absent when the message has since been deleted (its text is gone with it). */
  text: z.string().optional(),
  from: userSchema,
});
export type EditEvent = z.infer<typeof editEventSchema>;

export const redactEventSchema = z.object({
  type: z.literal('redact'),
  ...eventBase,
  target: z.number().int(),
  from: userSchema,
});
export type RedactEvent = z.infer<typeof redactEventSchema>;

export const reactionEventSchema = z.object({
  type: z.literal('reaction'),
  ...eventBase,
  target: z.number().int(),
  emoji: z.string(),
  on: z.boolean(),
  from: userSchema,
});
export type ReactionEvent = z.infer<typeof reactionEventSchema>;

/** Membership and room changes. `message` is an English sentence made when the frame is built, for simple clients. */
export const storedSystemEventNames = ['join', 'leave', 'invite', 'owner'] as const;
export type StoredSystemEventName = (typeof storedSystemEventNames)[number];

export const systemEventSchema = z.object({
  type: z.literal('system'),
  event: z.enum(storedSystemEventNames),
  ...eventBase,
  /** join/leave: who; invite: who added the others; owner: the new owner. */
  user: userSchema,
  /** invite: the people added. */
  members: z.array(userSchema).optional(),
  message: z.string(),
});
export type StoredSystemEvent = z.infer<typeof systemEventSchema>;

/** Every event of a room's seq stream. */
export const roomEventSchema = z.discriminatedUnion('type', [messageEventSchema, editEventSchema, redactEventSchema, reactionEventSchema, systemEventSchema]);
export type RoomEvent = z.infer<typeof roomEventSchema>;
export type RoomEventType = RoomEvent['type'];

/** One entry of a room's history: any room event. */
export type HistoryEntry = RoomEvent;
