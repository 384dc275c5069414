import { z } from 'zod';
import {
  clientMsgIdSchema,
  descriptionSchema,
  emojiSchema,
  historyLimitSchema,
  limits,
  maxParticipantsSchema,
  newRoomNameSchema,
  phoneSchema,
  roomNameSchema,
  seqSchema,
  statusTextSchema,
  textSchema,
  unicodeString,
  uploadIdSchema,
} from './rules.js';

/** A frame id: any short string or integer; the reply echoes it unchanged. */
export const frameIdSchema = z.union([
  unicodeString().pipe(z.string().max(limits.frameIdMax, { message: `must be at most ${limits.frameIdMax} characters` })),
  z.number().int().safe(),
]);
export type FrameId = z.infer<typeof frameIdSchema>;

const phoneList = z
  .array(phoneSchema, { error: 'must be a list of phone numbers' })
  .min(1, { message: 'must name at least one person' })
  .max(limits.groupMembersMax, { message: `must name at most ${limits.groupMembersMax} people` });

/** Every frame a client may send, by type. Unknown keys are ignored so that clients can grow. */
export const clientFrameSchemas = {
  auth: z.object({ token: unicodeString().pipe(z.string().max(256, { message: 'is too long' })) }),
  ping: z.object({}),
  create_room: z.object({
    room: newRoomNameSchema,
    description: descriptionSchema.optional(),
    isPrivate: z.boolean({ error: 'must be true or false' }).optional(),
    maxParticipants: maxParticipantsSchema.optional(),
  }),
  create_group: z.object({ room: newRoomNameSchema, members: phoneList, description: descriptionSchema.optional() }),
  invite: z.object({ room: roomNameSchema, members: phoneList }),
  join: z.object({ room: roomNameSchema }),
  leave: z.object({ room: roomNameSchema }),
  delete_room: z.object({ room: roomNameSchema }),
  private: z.object({ phone: phoneSchema }),
  message: z
    .object({
      room: roomNameSchema,
      /** Optional when there are attachments (a caption); required otherwise. */
      text: textSchema.optional(),
      /** Ids of one's own unsent uploads (POST /api/uploads), 1 to 10. */
      attachments: z
        .array(uploadIdSchema, { error: 'must be a list of upload ids' })
        .min(1, { message: 'must name at least one upload' })
        .max(limits.attachmentsMax, { message: `must name at most ${limits.attachmentsMax} files` })
        .refine((ids) => new Set(ids).size === ids.length, { message: 'must not name an upload twice' })
        .optional(),
      clientMsgId: clientMsgIdSchema,
      /** The seq of a message in the same room that this one answers. */
      replyTo: seqSchema.optional(),
      /** Phones of members of the room this message mentions. */
      mentions: z
        .array(phoneSchema, { error: 'must be a list of phone numbers' })
        .max(limits.mentionsMax, { message: `must name at most ${limits.mentionsMax} people` })
        .optional(),
    })
    .refine((m) => m.text !== undefined || m.attachments !== undefined, { message: 'is required without attachments', path: ['text'] }),
  edit: z.object({ room: roomNameSchema, target: seqSchema, text: textSchema }),
  delete_message: z.object({ room: roomNameSchema, target: seqSchema }),
  react: z.object({ room: roomNameSchema, target: seqSchema, emoji: emojiSchema, on: z.boolean({ error: 'must be true or false' }) }),
  /** Becomes a member of a room one was invited to (by someone who was not yet a contact). */
  accept_invitation: z.object({ room: roomNameSchema }),
  /** Turns an invitation down; `block` also refuses any further invitation and private chat from the inviter. */
  decline_invitation: z.object({ room: roomNameSchema, block: z.boolean({ error: 'must be true or false' }).optional() }),
  history: z.object({
    room: roomNameSchema,
    before: seqSchema.optional(),
    after: seqSchema.optional(),
    limit: historyLimitSchema.optional(),
  }),
  read: z.object({ room: roomNameSchema, seq: seqSchema }),
  /** The user started (true) or stopped (false) typing in the room; refresh at most every 3 s while typing. */
  typing: z.object({ room: roomNameSchema, typing: z.boolean({ error: 'must be true or false' }) }),
  /**
   * Sets one's status, and the custom text and emoji (absent or null: none), which clear by
   * themselves at `until` (an ISO time in the future).
   */
  status: z.object({
    status: z.enum(['online', 'away', 'busy', 'invisible'], { error: 'must be online, away, busy or invisible' }),
    text: statusTextSchema.nullable().optional(),
    emoji: emojiSchema.nullable().optional(),
    until: z.iso.datetime({ offset: true, error: 'must be an ISO date and time' }).nullable().optional(),
  }),
  /** The person used this session (a key, a click) since the last report; the SDK sends it at most once a minute. */
  active: z.object({}),
} as const;

export type ClientFrameType = keyof typeof clientFrameSchemas;

/** The parsed (normalized) body of a client frame of type T. */
export type ClientFrameBody<T extends ClientFrameType> = z.output<(typeof clientFrameSchemas)[T]>;

/** What a client writes for a frame of type T (before normalization). */
export type ClientFrameInput<T extends ClientFrameType> = z.input<(typeof clientFrameSchemas)[T]>;

export type ClientFrame = { [T in ClientFrameType]: { type: T; id?: FrameId } & ClientFrameInput<T> }[ClientFrameType];

export function isClientFrameType(value: unknown): value is ClientFrameType {
  return typeof value === 'string' && Object.hasOwn(clientFrameSchemas, value);
}
