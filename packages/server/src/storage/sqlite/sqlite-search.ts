import { ftsLiteral, isSubstringTerm, type MessageSearchInput, type MessageSearchRow, type MessageSearchStore } from '../message-search.js';
import type { SqliteDatabase } from './open-database.js';

interface Row {
  room_id: number;
  room: string;
  seq: number;
  ts: string;
  text: string;
  sender_name: string;
  sender_phone: string;
}

/** Message search over the FTS5 word and trigram tables, newest first, members only. */
export function createSqliteSearchStore(db: SqliteDatabase): MessageSearchStore {
  return {
    async search(input: MessageSearchInput): Promise<MessageSearchRow[]> {
      const where: string[] = ['m.deleted = 0'];
      const params: unknown[] = [input.userId];
      const match = (terms: string[], negate: boolean) => {
        for (const [table, pick] of [['message_trigrams', true], ['message_words', false]] as const) {
          const chosen = terms.filter((t) => isSubstringTerm(t) === pick);
          if (chosen.length === 0) continue;
          const expression = chosen.map(ftsLiteral).join(negate ? ' OR ' : ' AND ');
          where.push(`((m.room_id << 32) | m.seq) ${negate ? 'NOT IN' : 'IN'} (SELECT rowid FROM ${table} WHERE ${table} MATCH ?)`);
          params.push(expression);
        }
      };
      match(input.include, false);
      match(input.exclude, true);
      if (input.roomId !== null) {
        where.push('m.room_id = ?');
        params.push(input.roomId);
      }
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
      if (input.cursor) {
        where.push('(e.ts, m.room_id, m.seq) < (?, ?, ?)');
        params.push(input.cursor.ts, input.cursor.roomId, input.cursor.seq);
      }
      params.push(input.limit);
      const rows = db
        .prepare<unknown[], Row>(
          `SELECT m.room_id, r.name AS room, m.seq, e.ts, coalesce(m.edited_text, json_extract(e.body, '$.text')) AS text, u.name AS sender_name, u.phone AS sender_phone
           FROM memberships ms
           JOIN messages m ON m.room_id = ms.room_id
           JOIN entries e ON e.room_id = m.room_id AND e.seq = m.seq
           JOIN rooms r ON r.id = m.room_id
           JOIN users u ON u.id = m.sender_id
           WHERE ms.user_id = ? AND ${where.join(' AND ')}
           ORDER BY e.ts DESC, m.room_id DESC, m.seq DESC LIMIT ?`,
        )
        .all(...params);
      return rows.map((r) => ({ roomId: r.room_id, room: r.room, seq: r.seq, ts: r.ts, text: r.text, senderName: r.sender_name, senderPhone: r.sender_phone }));
    },
  };
}
