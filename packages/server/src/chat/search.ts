import { messageSearchTotalMax, ParleyError, type MessageSearchReply, type MessageSearchResult } from '@parley/protocol';
import type { MessageSearchCursor, MessageSearchInput, MessageSearchRow, MessageSearchSort } from '../storage/message-search.js';
import { foldCase } from '../storage/like.js';
import type { Actor, ChatContext } from './chat-context.js';
import { readableRoom } from './messages.js';
import { parseSearch } from './search-query.js';

export interface MessageSearchRequest {
  q?: string | undefined;
  room?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
  tz?: string | undefined;
  sort?: MessageSearchSort | undefined;
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** [start, end) spans of `text` where a term occurs, ignoring case and accents. */
function spans(text: string, terms: string[]): [number, number][] {
  // Folding per character keeps a map from folded offsets back to the original ones.
  let folded = '';
  const origin: number[] = [];
  let offset = 0;
  for (const ch of text) {
    const f = fold(ch);
    for (let i = 0; i < f.length; i++) origin.push(offset);
    folded += f;
    offset += ch.length;
  }
  origin.push(text.length);
  const found: [number, number][] = [];
  for (const term of terms.map(fold).filter((t) => t !== '')) {
    for (let at = folded.indexOf(term); at !== -1; at = folded.indexOf(term, at + term.length)) found.push([origin[at]!, origin[at + term.length] ?? text.length]);
  }
  return found.sort((a, b) => a[0] - b[0]).filter((s, i, all) => i === 0 || s[0] >= all[i - 1]![1]);
}

/** A window of the text around its first match, with the matches' spans relative to it. */
function snippet(text: string, terms: string[]): Pick<MessageSearchResult, 'snippet' | 'highlights'> {
  const all = spans(text, terms);
  const start = text.length <= 160 || all.length === 0 ? 0 : Math.max(0, all[0]![0] - 40);
  const end = Math.min(text.length, start + 160);
  const highlights = all.filter(([s, e]) => s >= start && e <= end).map(([s, e]): [number, number] => [s - start, e - start]);
  return { snippet: text.slice(start, end), highlights };
}

// A cursor is the last result's position in the order of the search, opaque to clients: for
// relevance it also carries the instant the scores were aged from, so that every page ranks alike.
function writeCursor(last: MessageSearchRow, sort: MessageSearchSort, now: string): string {
  const position = sort === 'relevance' ? [last.ts, last.roomId, last.seq, last.score, now] : [last.ts, last.roomId, last.seq];
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function readCursor(cursor: string, sort: MessageSearchSort): MessageSearchCursor {
  try {
    const [ts, roomId, seq, score, now] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof ts === 'string' && !Number.isNaN(Date.parse(ts)) && Number.isInteger(roomId) && Number.isInteger(seq)) {
      if (sort === 'recent' && score === undefined) return { ts, roomId: roomId as number, seq: seq as number };
      if (sort === 'relevance' && typeof score === 'number' && Number.isFinite(score) && typeof now === 'string' && !Number.isNaN(Date.parse(now))) {
        return { ts, roomId: roomId as number, seq: seq as number, score, now };
      }
    }
  } catch {
    // Falls through to the error below.
  }
  throw new ParleyError('invalid_input', 'The cursor is not one this server gave for this sort.', [{ field: 'cursor', message: 'is not a cursor this server gave for this sort' }]);
}

/**
 * Searches the messages of the rooms the actor is a member of now (membership is a condition of
 * the query itself, so pages are full and nothing of other rooms is examined); a room scope,
 * from the `room` parameter or `in:`, must be readable under the policy.
 */
export async function searchMessages(ctx: ChatContext, actor: Actor, request: MessageSearchRequest): Promise<MessageSearchReply> {
  const parsed = parseSearch(request.q ?? '', request.tz ?? 'UTC');
  const scope = request.room ?? parsed.in[0];
  const room = scope !== undefined ? await readableRoom(ctx, actor, scope) : null;
  const limit = request.limit ?? 20;
  const sort = request.sort ?? 'recent';
  const cursor = request.cursor !== undefined ? readCursor(request.cursor, sort) : null;
  const now = cursor?.now ?? new Date().toISOString();
  const input: MessageSearchInput = {
    userId: actor.user.id,
    roomId: room?.id ?? null,
    include: parsed.include,
    exclude: parsed.exclude,
    includePrefixes: parsed.includePrefixes,
    excludePrefixes: parsed.excludePrefixes,
    from: parsed.from.map((f) => (f.toLowerCase() === 'me' ? actor.user.phone : foldCase(f))),
    dm: parsed.dm,
    mentions: parsed.mentioned ? actor.user.id : null,
    has: parsed.has,
    after: parsed.after,
    before: parsed.before,
    sort,
    now,
    cursor,
    limit: limit + 1,
  };
  const [rows, total] = await Promise.all([ctx.storage.search.search(input), ctx.storage.search.count(input, messageSearchTotalMax)]);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const terms = [...parsed.include, ...parsed.includePrefixes];
  return {
    results: page.map((r) => ({ room: r.room, seq: r.seq, ts: r.ts, from: { name: r.senderName, phone: r.senderPhone }, text: r.text, ...snippet(r.text, terms) })),
    next: rows.length > limit && last ? writeCursor(last, sort, now) : null,
    total,
  };
}
