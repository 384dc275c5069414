import type pg from 'pg';
import { containsPattern } from '../like.js';
import { isSubstringTerm, linkMarkers, recencyHalfLifeDays, type MessageSearchInput, type MessageSearchRow, type MessageSearchStore } from '../message-search.js';

interface Row {
  room_id: number;
  room: string;
  seq: number;
  ts: Date;
  text: string;
  sender_name: string;
  sender_phone: string;
  score: number;
}

/**
 * A word start as a tsquery prefix ('plan':*), built from the folded text in SQL: the lexeme is
 * quoted, its quotes doubled and backslashes dropped, so no user text is read as tsquery syntax.
 */
const prefixQuery = (param: string) => `to_tsquery('simple', '''' || replace(replace(search_fold(${param}), '\\', ''), '''', '''''') || ''':*')`;

/** The FROM and WHERE of a search with its parameters ($1 is the caller). */
function plan(input: MessageSearchInput): { from: string; where: string; params: unknown[]; p: (value: unknown) => string } {
  const params: unknown[] = [input.userId];
  const p = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = ['NOT m.deleted'];
  // plainto_tsquery and LIKE with escaped wildcards take any text without a syntax error. A
  // message sent with files only has no search row, so excluding a term must not drop it.
  const term = (t: string) =>
    isSubstringTerm(t) ? `s.folded LIKE search_fold(${p(containsPattern(t))})` : `to_tsvector('simple', s.folded) @@ plainto_tsquery('simple', search_fold(${p(t)}))`;
  const prefix = (t: string) => `to_tsvector('simple', s.folded) @@ ${prefixQuery(p(t))}`;
  for (const t of input.include) where.push(term(t));
  for (const t of input.includePrefixes ?? []) where.push(prefix(t));
  for (const t of input.exclude) where.push(`NOT coalesce(${term(t)}, false)`);
  for (const t of input.excludePrefixes ?? []) where.push(`NOT coalesce(${prefix(t)}, false)`);
  if (input.has?.includes('link')) where.push(`(${linkMarkers.map((l) => `s.folded LIKE ${p(containsPattern(l))}`).join(' OR ')})`);
  if (input.roomId !== null) where.push(`m.room_id = ${p(input.roomId)}`);
  if (input.dm) where.push(`r.kind = 'direct'`);
  if (input.mentions != null) where.push(`EXISTS (SELECT 1 FROM mentions mn WHERE mn.user_id = ${p(input.mentions)} AND mn.room_id = m.room_id AND mn.seq = m.seq)`);
  if (input.has?.includes('file')) where.push('EXISTS (SELECT 1 FROM uploads up WHERE up.room_id = m.room_id AND up.seq = m.seq)');
  if (input.has?.includes('image')) where.push(`EXISTS (SELECT 1 FROM uploads up WHERE up.room_id = m.room_id AND up.seq = m.seq AND up.type LIKE 'image/%')`);
  if (input.has?.includes('reaction')) where.push('EXISTS (SELECT 1 FROM reactions rx WHERE rx.room_id = m.room_id AND rx.seq = m.seq)');
  for (const from of input.from) where.push(`(u.phone = ${p(from)} OR u.name_key = ${p(from)})`);
  if (input.after) where.push(`e.ts >= ${p(input.after)}`);
  if (input.before) where.push(`e.ts < ${p(input.before)}`);
  // Membership is the query's first condition: only the caller's rooms are ever read.
  const from = `memberships ms
    JOIN messages m ON m.room_id = ms.room_id
    LEFT JOIN message_search s ON s.room_id = m.room_id AND s.seq = m.seq
    JOIN entries e ON e.room_id = m.room_id AND e.seq = m.seq
    JOIN rooms r ON r.id = m.room_id
    JOIN users u ON u.id = m.sender_id`;
  return { from, where: `ms.user_id = $1 AND ${where.join(' AND ')}`, params, p };
}

/** Message search over the folded text (pg_trgm for substrings, tsvector for words), members only, newest or most relevant first. */
export function createPostgresSearchStore(pool: pg.Pool): MessageSearchStore {
  return {
    async search(input: MessageSearchInput): Promise<MessageSearchRow[]> {
      const { from, where, params, p } = plan(input);
      const relevance = input.sort === 'relevance';
      // ts_rank over the words given (each an OR), divided by 1 + age in half-lives, as on SQLite.
      // (Parameters are added only when used: PostgreSQL cannot type an unused one.)
      const words = !relevance ? [] : [...input.include.map((t) => `plainto_tsquery('simple', search_fold(${p(t)}))`), ...(input.includePrefixes ?? []).map((t) => prefixQuery(p(t)))];
      const score =
        words.length > 0
          ? `coalesce(ts_rank(to_tsvector('simple', s.folded), ${words.join(' || ')}, 1), 0)::float8 / (1 + greatest(0, extract(epoch FROM (${p(input.now ?? new Date().toISOString())}::timestamptz - e.ts))::float8 / 86400) / ${recencyHalfLifeDays})`
          : '0::float8';
      const outer: string[] = [];
      if (input.cursor) {
        const position = `${p(input.cursor.ts)}::timestamptz, ${p(input.cursor.roomId)}::int, ${p(input.cursor.seq)}::int`;
        outer.push(relevance ? `(score, ts, room_id, seq) < (${p(input.cursor.score ?? 0)}::float8, ${position})` : `(ts, room_id, seq) < (${position})`);
      }
      const order = relevance ? 'score DESC, ts DESC, room_id DESC, seq DESC' : 'ts DESC, room_id DESC, seq DESC';
      const { rows } = await pool.query<Row>(
        `SELECT * FROM (
           SELECT m.room_id, r.name AS room, m.seq, e.ts, coalesce(m.edited_text, e.body->>'text', '') AS text, u.name AS sender_name, u.phone AS sender_phone, ${score} AS score
           FROM ${from}
           WHERE ${where}
         ) found ${outer.length ? `WHERE ${outer.join(' AND ')}` : ''}
         ORDER BY ${order} LIMIT ${p(input.limit)}`,
        params,
      );
      return rows.map((r) => ({ roomId: r.room_id, room: r.room, seq: r.seq, ts: r.ts.toISOString(), text: r.text, senderName: r.sender_name, senderPhone: r.sender_phone, score: r.score }));
    },
    async count(input: MessageSearchInput, max: number): Promise<number> {
      const { from, where, params, p } = plan({ ...input, sort: 'recent' });
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE ${where} LIMIT ${p(max)}) found`, params);
      return rows[0]!.n;
    },
  };
}
