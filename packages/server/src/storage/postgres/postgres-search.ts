import type pg from 'pg';
import { containsPattern } from '../like.js';
import { isSubstringTerm, type MessageSearchInput, type MessageSearchRow, type MessageSearchStore } from '../message-search.js';

interface Row {
  room_id: number;
  room: string;
  seq: number;
  ts: Date;
  text: string;
  sender_name: string;
  sender_phone: string;
}

/** Message search over the folded text (pg_trgm for substrings, tsvector for short words), newest first, members only. */
export function createPostgresSearchStore(pool: pg.Pool): MessageSearchStore {
  return {
    async search(input: MessageSearchInput): Promise<MessageSearchRow[]> {
      const params: unknown[] = [input.userId];
      const p = (value: unknown) => `$${params.push(value)}`;
      const where: string[] = ['NOT m.deleted'];
      // plainto_tsquery and LIKE with escaped wildcards take any text without a syntax error.
      const term = (t: string) =>
        isSubstringTerm(t) ? `s.folded LIKE search_fold(${p(containsPattern(t))})` : `to_tsvector('simple', s.folded) @@ plainto_tsquery('simple', search_fold(${p(t)}))`;
      for (const t of input.include) where.push(term(t));
      for (const t of input.exclude) where.push(`NOT (${term(t)})`);
      if (input.roomId !== null) where.push(`m.room_id = ${p(input.roomId)}`);
      for (const from of input.from) where.push(`(u.phone = ${p(from)} OR u.name_key = ${p(from)})`);
      if (input.after) where.push(`e.ts >= ${p(input.after)}`);
      if (input.before) where.push(`e.ts < ${p(input.before)}`);
      if (input.cursor) where.push(`(e.ts, m.room_id, m.seq) < (${p(input.cursor.ts)}::timestamptz, ${p(input.cursor.roomId)}, ${p(input.cursor.seq)})`);
      const { rows } = await pool.query<Row>(
        `SELECT m.room_id, r.name AS room, m.seq, e.ts, coalesce(m.edited_text, e.body->>'text') AS text, u.name AS sender_name, u.phone AS sender_phone
         FROM memberships ms
         JOIN messages m ON m.room_id = ms.room_id
         JOIN message_search s ON s.room_id = m.room_id AND s.seq = m.seq
         JOIN entries e ON e.room_id = m.room_id AND e.seq = m.seq
         JOIN rooms r ON r.id = m.room_id
         JOIN users u ON u.id = m.sender_id
         WHERE ms.user_id = $1 AND ${where.join(' AND ')}
         ORDER BY e.ts DESC, m.room_id DESC, m.seq DESC LIMIT ${p(input.limit)}`,
        params,
      );
      return rows.map((r) => ({ roomId: r.room_id, room: r.room, seq: r.seq, ts: r.ts.toISOString(), text: r.text, senderName: r.sender_name, senderPhone: r.sender_phone }));
    },
  };
}
