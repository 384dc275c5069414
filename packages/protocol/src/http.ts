import { z } from 'zod';
import { historyLimitSchema, limits, nameSchema, passwordSchema, phoneSchema, seqSchema, unicodeString } from './rules.js';
import type { FoundUser, HistoryEntry, MyRoom, PublicUser, Room, User } from './models.js';

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

export interface MeReply {
  user: User;
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

export interface UsersReply {
  users: FoundUser[];
}

export interface RoomsReply {
  rooms: Room[];
}

export interface MyRoomsReply {
  rooms: MyRoom[];
}

/** A room's members, longest-standing first (members only). */
export interface MembersReply {
  members: PublicUser[];
}

export const historyQuery = z.object({
  before: queryInt(seqSchema).optional(),
  after: queryInt(seqSchema).optional(),
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
