import { z } from 'zod';
import { limits, unicodeString } from './rules.js';

/** Results a message search returns at most per page. */
export const messageSearchMax = 50;

/** `GET /api/search`: a query in the search language (docs/protocol.md), optionally scoped to one room. */
export const messageSearchQuery = z.object({
  q: unicodeString().pipe(z.string().max(500, { message: 'must be at most 500 characters' })).optional(),
  room: unicodeString().pipe(z.string().min(1).max(limits.roomNameMax)).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, { message: 'must be a whole number' })
    .transform(Number)
    .pipe(z.number().int().min(1, { message: 'must be at least 1' }).max(messageSearchMax, { message: `must be at most ${messageSearchMax}` }))
    .optional(),
  cursor: z.string().max(200).regex(/^[A-Za-z0-9_-]+$/, { message: 'is not a cursor this server gave' }).optional(),
  tz: z.string().max(64).optional(),
  /** `recent` (the default): newest first. `relevance`: best match first, aged by a recency bias, ties newest first. */
  sort: z.enum(['recent', 'relevance'], { error: 'must be recent or relevance' }).optional(),
});
export type MessageSearchQuery = z.input<typeof messageSearchQuery>;

export interface MessageSearchResult {
  room: string;
  seq: number;
  ts: string;
  from: { name: string; phone: string };
  /** The message's current text. */
  text: string;
  /** Part of the text around the first match (the whole text when short). */
  snippet: string;
  /** [start, end) UTF-16 offsets of the matching parts within `snippet`. */
  highlights: [number, number][];
}

export interface MessageSearchReply {
  results: MessageSearchResult[];
  /** Pass as `cursor` for the next page (with the same q, room, tz and sort); null on the last one. */
  next: string | null;
  /** How many messages the search finds in all, counting at most `messageSearchTotalMax`. */
  total: number;
}

/** `total` counts this many at most: a total of this much means "this many or more". */
export const messageSearchTotalMax = limits.messageSearchTotalMax;
