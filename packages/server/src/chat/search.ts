import { ParleyError, type MessageSearchReply, type MessageSearchResult } from '@parley/protocol';
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

function readCursor(cursor: string): { ts: string; roomId: number; seq: number } {
  try {
    const [ts, roomId, seq] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof ts === 'string' && !Number.isNaN(Date.parse(ts)) && Number.isInteger(roomId) && Number.isInteger(seq)) return { ts, roomId: roomId as number, seq: seq as number };
  } catch {
    // Falls through to the error below.
  }
  throw new ParleyError('invalid_input', 'The cursor is not one this server gave.', [{ field: 'cursor', message: 'is not a cursor this server gave' }]);
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
  const rows = await ctx.storage.search.search({
    userId: actor.user.id,
    roomId: room?.id ?? null,
    include: parsed.include,
    exclude: parsed.exclude,
    from: parsed.from.map((f) => (f.toLowerCase() === 'me' ? actor.user.phone : foldCase(f))),
    after: parsed.after,
    before: parsed.before,
    cursor: request.cursor !== undefined ? readCursor(request.cursor) : null,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    results: page.map((r) => ({ room: r.room, seq: r.seq, ts: r.ts, from: { name: r.senderName, phone: r.senderPhone }, text: r.text, ...snippet(r.text, parsed.include) })),
    next: rows.length > limit && last ? Buffer.from(JSON.stringify([last.ts, last.roomId, last.seq])).toString('base64url') : null,
  };
}
