import { z } from 'zod';
import { isSingleEmoji } from './emoji.js';
import { hasHiddenCharacters, looksLikePrivateRoomName } from './names.js';

import { limits } from './limits.js';

export { limits };

export const privateRoomPrefix = 'private_room_';

/** Strips the accepted decoration (a leading +, spaces, dashes) from a phone number. */
export function normalizePhone(raw: string): string {
  return raw.trim().replace(/^\+/, '').replace(/[\s-]/g, '');
}

/** The seed's private chat name: both normalized phones, sorted ascending. */
export function privateRoomName(phoneA: string, phoneB: string): string {
  const [a, b] = [normalizePhone(phoneA), normalizePhone(phoneB)].sort();
  return `${privateRoomPrefix}${a}_${b}`;
}

/**
 * Whether a name is reserved for private chats: it starts with `private_room_` in any case and
 * any look-alike spelling (a leading zero-width space, Cyrillic р, fullwidth or bold letters).
 */
export function isPrivateRoomName(name: string): boolean {
  return looksLikePrivateRoomName(name);
}

/** Counts characters as people do: an emoji is one, not two UTF-16 units. */
function charCount(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

// Control characters (newlines, NUL, escape) have no place in a name and break list layouts.
const controlChars = /[\u0000-\u001f\u007f]/;
const hiddenMessage = 'must not contain invisible, formatting or control characters';

/**
 * A string of well-formed Unicode without U+0000. JSON can carry lone surrogates ("\ud800"),
 * which no UTF-8 store can keep, and NUL, which PostgreSQL's text refuses (SQLite keeps it):
 * refused here, every engine stores the same strings and none fails on one. Every string the
 * protocol accepts goes through this.
 */
export function unicodeString() {
  return z
    .string({ error: 'must be a string' })
    .refine((s) => s.isWellFormed(), { message: 'must be valid Unicode text (no lone surrogates)', abort: true })
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain the NUL character (U+0000)', abort: true });
}

export const phoneSchema = unicodeString()
  .transform(normalizePhone)
  .refine((p) => /^\d+$/.test(p) && p.length >= limits.phoneMinDigits && p.length <= limits.phoneMaxDigits, {
    message: `must be ${limits.phoneMinDigits}–${limits.phoneMaxDigits} digits (a leading +, spaces and dashes are allowed)`,
  });

export const nameSchema = unicodeString()
  .trim()
  .refine((n) => charCount(n) >= 1, { message: 'must not be empty' })
  .refine((n) => charCount(n) <= limits.nameMax, { message: `must be at most ${limits.nameMax} characters` })
  .refine((n) => !controlChars.test(n), { message: 'must not contain control characters' })
  .refine((n) => !hasHiddenCharacters(n), { message: hiddenMessage });

export const passwordSchema = unicodeString()
  .refine((p) => charCount(p) >= limits.passwordMin, { message: `must be at least ${limits.passwordMin} characters` })
  .refine((p) => charCount(p) <= limits.passwordMax, { message: `must be at most ${limits.passwordMax} characters` });

export const roomNameSchema = unicodeString()
  .trim()
  // One spelling per name: "é" typed two ways must not make two rooms.
  .transform((n) => n.normalize('NFC'))
  .refine((n) => charCount(n) >= 1, { message: 'must not be empty' })
  .refine((n) => charCount(n) <= limits.roomNameMax, { message: `must be at most ${limits.roomNameMax} characters` })
  .refine((n) => !controlChars.test(n), { message: 'must not contain control characters' });

/**
 * A name for a new room or group: a room name without invisible, format (zero-width, soft
 * hyphen), bidi-control or C1 control characters, which let one name pass for another. Only
 * new names are held to it, so that rooms named before the rule can still be found by name.
 */
export const newRoomNameSchema = roomNameSchema.refine((n) => !hasHiddenCharacters(n), { message: hiddenMessage });

export const descriptionSchema = unicodeString()
  .trim()
  .refine((d) => charCount(d) <= limits.descriptionMax, { message: `must be at most ${limits.descriptionMax} characters` });

/** A custom status text: one line, at most 100 characters; empty clears it. */
export const statusTextSchema = unicodeString()
  .trim()
  .refine((t) => !/[\r\n]/.test(t), { message: 'must be one line' })
  .refine((t) => charCount(t) <= limits.statusTextMax, { message: `must be at most ${limits.statusTextMax} characters` });

export const textSchema = unicodeString()
  .refine((t) => t.trim().length > 0, { message: 'must not be empty' })
  .refine((t) => charCount(t) <= limits.textMax, { message: `must be at most ${limits.textMax} characters` });

/** An upload's id as POST /api/uploads gave it (URL-safe base64). */
export const uploadIdSchema = unicodeString().refine((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id), { message: 'must be an upload id' });

export const clientMsgIdSchema = unicodeString()
  .refine((id) => id.length >= 1, { message: 'must not be empty' })
  .refine((id) => id.length <= limits.clientMsgIdMax, { message: `must be at most ${limits.clientMsgIdMax} characters` });

export const seqSchema = z
  .number({ error: 'must be a number' })
  .int({ message: 'must be a whole number' })
  .min(0, { message: 'must not be negative' })
  .max(limits.seqMax, { message: `must be at most ${limits.seqMax}` });

export const historyLimitSchema = z
  .number({ error: 'must be a number' })
  .int({ message: 'must be a whole number' })
  .min(1, { message: 'must be at least 1' })
  .max(limits.historyMax, { message: `must be at most ${limits.historyMax}` });

export const maxParticipantsSchema = z
  .number({ error: 'must be a number' })
  .int({ message: 'must be a whole number' })
  .min(2, { message: 'must be at least 2' })
  .max(limits.maxParticipantsMax, { message: `must be at most ${limits.maxParticipantsMax}` });

export const emojiSchema = z
  .string({ error: 'must be a string' })
  .refine(isSingleEmoji, { message: 'must be exactly one emoji' });
