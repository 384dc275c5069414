import { ftsLiteral, isSubstringTerm, linkMarkers, recencyHalfLifeDays, type MessageSearchInput, type MessageSearchRow, type MessageSearchStore } from '../message-search.js';
import type { SqliteDatabase } from './open-database.js';

interface Row {
  room_id: number;
  room: string;
  seq: number;
  ts: string;
  text: string;
  sender_name: string;
  sender_phone: string;
  score: number;
}

type Table = 'message_trigrams' | 'message_words';

/** An FTS5 prefix query: the quoted start, then the star outside the quotes. */
const ftsPrefix = (prefix: string) => `${ftsLiteral(prefix)} *`;

/**
 * The FROM and WHERE of a search, with its parameters. Every term reaches FTS5 as a quoted
 * literal, so no user text is read as FTS syntax. For relevance, one index (trigrams when a
 * substring term is given, words otherwise) is joined for its bm25 instead of tested with IN.
 */
function plan(input: MessageSearchInput): { from: string; where: string; params: unknown[]; ranked: boolean } {
  const where: string[] = ['m.deleted = 0'];
  const params: unknown[] = [];
  const expressions = new Map<Table, { include: string[]; exclude: string[] }>([
    ['message_trigrams', { include: [], exclude: [] }],
    ['message_words', { include: [], exclude: [] }],
  ]);
  const add = (terms: string[], side: 'include' | 'exclude') => {
    for (const t of terms) expressions.get(isSubstringTerm(t) ? 'message_trigrams' : 'message_words')![side].push(ftsLiteral(t));
  };
  add(input.include, 'include');
  add(input.exclude, 'exclude');
  for (const p of input.includePrefixes ?? []) expressions.get('message_words')!.include.push(ftsPrefix(p));
  for (const p of input.excludePrefixes ?? []) expressions.get('message_words')!.exclude.push(ftsPrefix(p));
  if (input.has?.includes('link')) expressions.get('message_trigrams')!.include.push(`(${linkMarkers.map(ftsLiteral).join(' OR ')})`);

  const ranked = input.sort === 'relevance';
  const rankedTable = !ranked ? null : expressions.get('message_trigrams')!.include.length > 0 ? 'message_trigrams' : expressions.get('message_words')!.include.length > 0 ? 'message_words' : null;
  const joins: string[] = [];
  const joinParams: unknown[] = [];
  for (const [table, { include, exclude }] of expressions) {
    if (include.length > 0 && table === rankedTable) {
      joins.push(`JOIN (SELECT rowid AS id, -bm25(${table}) AS rel FROM ${table} WHERE ${table} MATCH ?) f ON f.id = ((m.room_id << 32) | m.seq)`);
      joinParams.push(include.join(' AND '));
    } else if (include.length > 0) {
      where.push(`((m.room_id << 32) | m.seq) IN (SELECT rowid FROM ${table} WHERE ${table} MATCH ?)`);
      params.push(include.join(' AND '));
    }
    if (exclude.length > 0) {
      where.push(`((m.room_id << 32) | m.seq) NOT IN (SELECT rowid FROM ${table} WHERE ${table} MATCH ?)`);
      params.push(exclude.join(' OR '));
    }
  }
  if (input.roomId !== null) {
    where.push('m.room_id = ?');
    params.push(input.roomId);
  }
  if (input.dm) where.push(`r.kind = 'direct'`);
  if (input.mentions != null) {
    where.push('EXISTS (SELECT 1 FROM mentions mn WHERE mn.user_id = ? AND mn.room_id = m.room_id AND mn.seq = m.seq)');
    params.push(input.mentions);
  }
  if (input.has?.includes('file')) where.push('EXISTS (SELECT 1 FROM uploads up WHERE up.room_id = m.room_id AND up.seq = m.seq)');
  if (input.has?.includes('image')) where.push(`EXISTS (SELECT 1 FROM uploads up WHERE up.room_id = m.room_id AND up.seq = m.seq AND up.type LIKE 'image/%')`);
  if (input.has?.includes('reaction')) where.push('EXISTS (SELECT 1 FROM reactions rx WHERE rx.room_id = m.room_id AND rx.seq = m.seq)');
  for (const from of input.from) {
    where.push('(u.phone = ? OR u.name_key = ?)');
    params.push(from, from);
  }
  if (input.after) {
    where.push('e.ts >= ?');
    params.push(input.after);
  }
  if (input.before) {
    where.push('e.ts < ?');
    params.push(input.before);
  }
  // Membership is the query's first condition: only the caller's rooms are ever read.
  const from = `memberships ms
    JOIN messages m ON m.room_id = ms.room_id
    ${joins.join('\n')}
    JOIN entries e ON e.room_id = m.room_id AND e.seq = m.seq
    JOIN rooms r ON r.id = m.room_id
    JOIN users u ON u.id = m.sender_id`;
  return { from, where: `ms.user_id = ? AND ${where.join(' AND ')}`, params: [...joinParams, input.userId, ...params], ranked: rankedTable !== null };
}

/** Message search over the FTS5 word and trigram tables, members only, newest or most relevant first. */
export function createSqliteSearchStore(db: SqliteDatabase): MessageSearchStore {
  return {
    async search(input: MessageSearchInput): Promise<MessageSearchRow[]> {
      const { from, where, params, ranked } = plan(input);
      const now = input.now ?? new Date().toISOString();
      // Relevance divided by 1 + age in half-lives: equal matches go newest first, a much better one wins.
      const score = input.sort !== 'relevance' ? '0' : ranked ? `f.rel / (1 + max(0, julianday(?) - julianday(e.ts)) / ${recencyHalfLifeDays})` : '0';
      const scoreParams = score === '0' ? [] : [now];
      const outer: string[] = [];
      const outerParams: unknown[] = [];
      if (input.cursor) {
        outer.push(input.sort === 'relevance' ? '(score, ts, room_id, seq) < (?, ?, ?, ?)' : '(ts, room_id, seq) < (?, ?, ?)');
        if (input.sort === 'relevance') outerParams.push(input.cursor.score ?? 0);
        outerParams.push(input.cursor.ts, input.cursor.roomId, input.cursor.seq);
      }
      const order = input.sort === 'relevance' ? 'score DESC, ts DESC, room_id DESC, seq DESC' : 'ts DESC, room_id DESC, seq DESC';
      const rows = db
        .prepare<unknown[], Row>(
          `SELECT * FROM (
             SELECT m.room_id, r.name AS room, m.seq, e.ts, coalesce(m.edited_text, json_extract(e.body, '$.text'), '') AS text, u.name AS sender_name, u.phone AS sender_phone, ${score} AS score
             FROM ${from}
             WHERE ${where}
           ) ${outer.length ? `WHERE ${outer.join(' AND ')}` : ''}
           ORDER BY ${order} LIMIT ?`,
        )
        .all(...scoreParams, ...params, ...outerParams, input.limit);
      return rows.map((r) => ({ roomId: r.room_id, room: r.room, seq: r.seq, ts: r.ts, text: r.text, senderName: r.sender_name, senderPhone: r.sender_phone, score: r.score }));
    },
    async count(input: MessageSearchInput, max: number): Promise<number> {
      const { from, where, params } = plan({ ...input, sort: 'recent' });
      return db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${where} LIMIT ?)`).get(...params, max)!.n;
    },
  };
}
