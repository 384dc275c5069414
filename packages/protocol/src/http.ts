import { z } from 'zod';
import { historyLimitSchema, limits, nameSchema, passwordSchema, phoneSchema, seqSchema, unicodeString } from './rules.js';
import type { FoundUser, Invitation, MyRoom, MyStatus, NotifyLevel, PublicUser, Room, User } from './models.js';
import type { HistoryEntry } from './room-events.js';

export const signupBody = z.object({ name: nameSchema, phone: phoneSchema, password: passwordSchema });
export type SignupBody = z.input<typeof signupBody>;
export interface SignupReply {
  user: User;
}

// Sign-in checks only that the fields are strings: a malformed phone must get the same
// invalid_credentials answer as an unknown one, or the error would tell which accounts exist.
export const signinBody = z.object({
  phone: unicodeString().pipe(z.string().max(64, { message: 'is too long' })),
  password: unicodeString().pipe(z.string().max(limits.passwordMax, { message: 'is too long' })),
});
export type SigninBody = z.input<typeof signinBody>;
export interface SigninReply {
  token: string;
  user: User;
}

/** The account's own settings, changed with `PATCH /api/me`. */
export interface MySettings {
  /** Whether others see how far one has read (and, off, one sees no one else's either). Default on. */
  readReceipts: boolean;
}

export interface MeReply {
  user: User;
  settings: MySettings;
  /** One's status as set (the `status` frame sets it). */
  status: MyStatus;
}

/** `PATCH /api/me`: the settings to change; those left out stay as they are. */
export const mePatchBody = z.strictObject({ readReceipts: z.boolean({ error: 'must be true or false' }).optional() });
export type MePatchBody = z.input<typeof mePatchBody>;

/** `PUT /api/rooms/:room/notify`: one's notification level for the chat; null: back to the default. */
export const notifyBody = z.strictObject({
  level: z.enum(['all', 'mentions', 'none'], { error: 'must be "all", "mentions", "none" or null' }).nullable(),
});
export type NotifyBody = z.input<typeof notifyBody>;

export interface NotifyReply {
  room: string;
  /** The level in force now (the default for the chat's kind after a reset). */
  notify: NotifyLevel;
}

/** How far one member has read a room (`GET /api/rooms/:room/receipts`). */
export interface Receipt extends User {
  seq: number;
}

/** The read markers of a room's other members who share them; empty for a caller who shares none. */
export interface ReceiptsReply {
  receipts: Receipt[];
}

/** One room of a data export: its info, members, and every event as a member sees it. */
export interface ExportedRoom {
  room: Room;
  members: User[];
  events: HistoryEntry[];
}

/** `GET /api/me/export`: everything of the caller's account and every chat they are in. */
export interface UserExport {
  format: 'parley-export';
  version: 1;
  exportedAt: string;
  user: User & { createdAt: string };
  invitations: { room: string; kind: Room['kind']; from: string | null; createdAt: string }[];
  blocked: User[];
  rooms: ExportedRoom[];
}

/** Query-string numbers arrive as text; these accept digits only. */
const queryInt = (schema: z.ZodNumber) =>
  z
    .string()
    .regex(/^\d{1,15}$/, { message: 'must be a whole number' })
    .transform(Number)
    .pipe(schema);

export const searchQuery = z.object({
  q: unicodeString().pipe(z.string().max(100, { message: 'must be at most 100 characters' })).optional(),
  limit: queryInt(
    z.number().int().min(1, { message: 'must be at least 1' }).max(limits.searchMax, { message: `must be at most ${limits.searchMax}` }),
  ).optional(),
});
export type SearchQuery = z.input<typeof searchQuery>;

/** `true` or `false` in a query string. */
const queryBoolean = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

/** `GET /api/users`: people by name or phone, narrowed by presence (co-members only show any) and to a room's members. */
export const userSearchQuery = searchQuery.extend({
  online: queryBoolean.optional(),
  status: z.enum(['online', 'away', 'busy', 'offline'], { error: 'must be online, away, busy or offline' }).optional(),
  /** Members of this room only (the caller must be able to read it). */
  room: unicodeString().pipe(z.string().min(1).max(limits.roomNameMax)).optional(),
});
export type UserSearchQuery = z.input<typeof userSearchQuery>;

/** `GET /api/rooms`: rooms by name or description, narrowed to those one is (or is not) in, and to a kind. */
export const roomSearchQuery = searchQuery.extend({
  joined: queryBoolean.optional(),
  kind: z.enum(['room', 'group'], { error: 'must be room or group (private chats are listed by GET /api/me/rooms)' }).optional(),
});
export type RoomSearchQuery = z.input<typeof roomSearchQuery>;

export interface UsersReply {
  users: FoundUser[];
}

export interface RoomsReply {
  rooms: Room[];
}

export const myRoomsQuery = z.object({
  limit: queryInt(
    z.number().int().min(1, { message: 'must be at least 1' }).max(limits.myRoomsPageMax, { message: `must be at most ${limits.myRoomsPageMax}` }),
  ).optional(),
  /** The `next` of the previous page. */
  cursor: unicodeString().pipe(z.string().max(200, { message: 'is not a cursor from this server' })).optional(),
});
export type MyRoomsQuery = z.input<typeof myRoomsQuery>;

/** `GET /api/me/people`: a page of everyone the caller shares a room with, by name. */
export const peopleQuery = z.object({
  limit: queryInt(
    z.number().int().min(1, { message: 'must be at least 1' }).max(limits.peoplePageMax, { message: `must be at most ${limits.peoplePageMax}` }),
  ).optional(),
  /** The `next` of the previous page. */
  cursor: unicodeString().pipe(z.string().max(400, { message: 'is not a cursor from this server' })).optional(),
});
export type PeopleQuery = z.input<typeof peopleQuery>;

export interface PeopleReply {
  people: PublicUser[];
  /** The cursor of the next page; null after the last. */
  next: string | null;
}

/** One page of the caller's rooms, most recent activity first; `next` fetches the page after it. */
export interface MyRoomsReply {
  rooms: MyRoom[];
  next: string | null;
}

/** One version of a message: the original, then each edit, oldest first. */
export interface MessageVersion {
  /** The seq of the event that set this text (the message's own seq for the original). */
  seq: number;
  ts: string;
  text: string;
}

export interface InvitationsReply {
  invitations: Invitation[];
}

/** Blocking someone: no invitation and no new private chat from them reaches the blocker. */
export const blockBody = z.object({ phone: phoneSchema });
export type BlockBody = z.input<typeof blockBody>;

export interface BlocksReply {
  blocked: User[];
}

export interface EditsReply {
  edits: MessageVersion[];
}

/** A room's members, longest-standing first (members only). */
export interface MembersReply {
  members: PublicUser[];
}

/** A message's seq as a path parameter. */
export const seqParam = queryInt(seqSchema);

export const historyQuery = z.object({
  before: queryInt(seqSchema).optional(),
  after: queryInt(seqSchema).optional(),
  /** A page centred on this seq (for jumping to a search result): oldest first, at most half the limit after it. */
  around: queryInt(seqSchema).optional(),
  limit: queryInt(historyLimitSchema).optional(),
});
export type HistoryQuery = z.input<typeof historyQuery>;

export interface HistoryReply {
  messages: HistoryEntry[];
}

export const passwordBody = z.object({
  oldPassword: unicodeString().pipe(z.string().max(limits.passwordMax, { message: 'is too long' })),
  newPassword: passwordSchema,
});
export type PasswordBody = z.input<typeof passwordBody>;
/** A password change ends every session of the user; the reply carries a new token for this one. */
export type PasswordReply = SigninReply;

/** An uploaded file as POST /api/uploads answers it; `url`/`thumbnailUrl` are same-origin paths. */
export interface Upload {
  id: string;
  name: string;
  /** Sniffed from the bytes by the server. */
  type: string;
  size: number;
  /** Of the upright image; present for decoded images only. */
  width?: number;
  height?: number;
  url: string;
  thumbnailUrl?: string;
}

/** A page of GET /api/rooms/:room/files: what was shared there, newest message first. */
export const roomFilesQuery = z.object({
  /** Files of messages before this seq (the previous page's last `seq`). */
  before: queryInt(seqSchema).optional(),
  limit: queryInt(historyLimitSchema).optional(),
});

export interface RoomFile extends Upload {
  /** The message it was sent with (open /chat/<room>/<seq> to see it there). */
  seq: number;
  from: User;
}

export interface RoomFilesReply {
  files: RoomFile[];
}

export interface UploadReply {
  upload: Upload;
}
