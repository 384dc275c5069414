import type pg from 'pg';
import { ParleyError } from '@parley/protocol';
import type { CommitRules } from '../../chat/events/apply-command.js';
import type { StoreMetrics } from '../../metrics/metrics.js';
import { createGroupCommit } from '../group-commit.js';
import { messageState, type QuoteRow, type ReactionRows } from '../message-rows.js';
import type { EventStore, HistoryEvent } from '../storage.js';
import { inTransaction, iso } from './open-pool.js';
import { createPostgresBatchRunner, toStoredEvent, type EventRow } from './postgres-commit.js';

interface HistoryRow extends EventRow {
  sender_name: string;
  sender_phone: string;
  m_seq: number | null;
  edited_text: string | null;
  edited_at: Date | null;
  deleted: boolean | null;
  state_seq: number | null;
}

const historyColumns = `e.*, u.name AS sender_name, u.phone AS sender_phone, m.seq AS m_seq, m.edited_text, m.edited_at, m.deleted, m.state_seq`;
const historyFrom = `entries e JOIN users u ON u.id = e.sender_id LEFT JOIN messages m ON m.room_id = e.room_id AND m.seq = e.seq`;
const maxSeq = 2_147_483_647;

/** Rows of one room's events → history events with each message's state. */
async function toHistory(pool: pg.Pool, rows: HistoryRow[], viewerId: number | null): Promise<HistoryEvent[]> {
  const messageRows = rows.filter((r) => r.m_seq !== null);
  const keys = messageRows.map((r) => [r.room_id, r.seq] as const);
  const replyKeys = messageRows.flatMap((r) => (typeof r.body.replyTo === 'number' ? [[r.room_id, r.body.replyTo] as const] : []));
  const [reactionRows, quoteRows] = await Promise.all([
    keys.length
      ? pool.query<{ room_id: number; seq: number; emoji: string; user_id: number }>(
          `SELECT x.room_id, x.seq, x.emoji, x.user_id FROM reactions x JOIN unnest($1::int[], $2::int[]) AS k(room_id, seq)
           ON x.room_id = k.room_id AND x.seq = k.seq ORDER BY x.seq, x.n`,
          [keys.map((k) => k[0]), keys.map((k) => k[1])],
        )
      : null,
    replyKeys.length
      ? pool.query<{ room_id: number; seq: number; sender_id: number; text: string | null; deleted: boolean }>(
          `SELECT m.room_id, m.seq, m.sender_id, coalesce(m.edited_text, e.body->>'text') AS text, m.deleted
           FROM messages m JOIN entries e ON e.room_id = m.room_id AND e.seq = m.seq
           JOIN unnest($1::int[], $2::int[]) AS k(room_id, seq) ON m.room_id = k.room_id AND m.seq = k.seq`,
          [replyKeys.map((k) => k[0]), replyKeys.map((k) => k[1])],
        )
      : null,
  ]);
  const quotes = new Map<string, QuoteRow>((quoteRows?.rows ?? []).map((q) => [`${q.room_id}:${q.seq}`, { seq: q.seq, senderId: q.sender_id, text: q.text, deleted: q.deleted }]));
  const reactions = new Map<number, ReactionRows>();
  for (const r of reactionRows?.rows ?? []) {
    const list = reactions.get(r.room_id) ?? [];
    list.push({ seq: r.seq, emoji: r.emoji, userId: r.user_id });
    reactions.set(r.room_id, list);
  }
  return rows.map((row) => {
    const event = toStoredEvent(row);
    const sender = { name: row.sender_name, phone: row.sender_phone };
    if (row.m_seq === null) return { ...event, sender };
    const roomQuotes = new Map<number, QuoteRow>();
    const replyTo = event.body.replyTo;
    if (typeof replyTo === 'number' && quotes.has(`${row.room_id}:${replyTo}`)) roomQuotes.set(replyTo, quotes.get(`${row.room_id}:${replyTo}`)!);
    const message = messageState(
      { seq: row.seq, senderId: row.sender_id, body: event.body, editedText: row.edited_text, editedAt: row.edited_at ? iso(row.edited_at) : null, deleted: row.deleted === true, stateSeq: row.state_seq ?? row.seq },
      roomQuotes,
      reactions.get(row.room_id) ?? [],
      viewerId,
    );
    return { ...event, sender, message };
  });
}

/** A room's event log and its derived message state on PostgreSQL, group-committed like SQLite. */
export function createPostgresEventStore(pool: pg.Pool, rules: CommitRules, mapError: (error: unknown) => unknown, metrics?: StoreMetrics): EventStore & { drain(): Promise<void> } {
  const runBatch = createPostgresBatchRunner(rules);
  const queue = createGroupCommit(async (commands) => {
    try {
      return await inTransaction(pool, (client) => runBatch(client, commands));
    } catch (error) {
      // Another node took a look-alike name between this batch's read and its write; alone in
      // its batch (the group commit retries each command so), the create is refused as it
      // would have been had it come second.
      const [only] = commands;
      if (commands.length === 1 && only?.type === 'create_room' && isRoomNameTaken(error)) {
        throw new ParleyError('room_exists', `A room named "${only.row.name}" already exists.`, [{ field: 'room', message: 'is taken' }]);
      }
      throw mapError(error);
    }
  }, metrics);

  async function eventsAt(pairs: [number, number][], viewerId: number | null): Promise<Map<number, HistoryEvent>> {
    if (pairs.length === 0) return new Map();
    const { rows } = await pool.query<HistoryRow>(
      `SELECT ${historyColumns} FROM ${historyFrom} JOIN unnest($1::int[], $2::int[]) AS k(room_id, seq) ON e.room_id = k.room_id AND e.seq = k.seq`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    return new Map((await toHistory(pool, rows, viewerId)).map((e) => [e.roomId, e]));
  }

  async function lastOf(column: 'last_message_seq' | 'last_seq', roomIds: number[], viewerId: number): Promise<Map<number, HistoryEvent>> {
    if (roomIds.length === 0) return new Map();
    const { rows } = await pool.query<{ id: number; seq: number }>(`SELECT id, ${column} AS seq FROM rooms WHERE id = ANY($1::int[]) AND ${column} > 0`, [roomIds]);
    return eventsAt(rows.map((r) => [r.id, r.seq]), viewerId);
  }

  return {
    commit: (command) => queue.commit(command),
    drain: () => queue.drain(),
    async history(roomId, range, viewerId) {
      // Seqs are int4 here; a bound beyond it means "everything" or "nothing".
      if (range.after !== undefined && range.after >= maxSeq) return [];
      const { rows } =
        range.after !== undefined
          ? await pool.query<HistoryRow>(`SELECT ${historyColumns} FROM ${historyFrom} WHERE e.room_id = $1 AND e.seq > $2 ORDER BY e.seq ASC LIMIT $3`, [roomId, range.after, range.limit])
          : await pool.query<HistoryRow>(`SELECT ${historyColumns} FROM ${historyFrom} WHERE e.room_id = $1 AND e.seq < $2 ORDER BY e.seq DESC LIMIT $3`, [
              roomId,
              Math.min(range.before ?? maxSeq, maxSeq),
              range.limit,
            ]);
      return toHistory(pool, rows, viewerId);
    },
    async message(roomId, seq) {
      if (seq > maxSeq) return null;
      const { rows } = await pool.query<{ seq: number; sender_id: number; ts: Date; deleted: boolean; text: string | null }>(
        `SELECT m.seq, m.sender_id, e.ts, m.deleted, coalesce(m.edited_text, e.body->>'text') AS text
         FROM messages m JOIN entries e ON e.room_id = m.room_id AND e.seq = m.seq WHERE m.room_id = $1 AND m.seq = $2`,
        [roomId, seq],
      );
      const row = rows[0];
      return row ? { seq: row.seq, senderId: row.sender_id, ts: iso(row.ts), text: row.deleted ? null : row.text, deleted: row.deleted } : null;
    },
    lastMessages: (roomIds, viewerId) => lastOf('last_message_seq', roomIds, viewerId),
    lastEvents: (roomIds, viewerId) => lastOf('last_seq', roomIds, viewerId),
    async versions(roomId, seq) {
      if (seq > maxSeq) return [];
      const { rows } = await pool.query<{ seq: number; ts: Date; text: string | null; type: string }>(
        `SELECT seq, ts, body->>'text' AS text, type FROM entries WHERE room_id = $1 AND (seq = $2 OR (target_seq = $2 AND type = 'edit')) ORDER BY seq`,
        [roomId, seq],
      );
      if (rows[0]?.type !== 'message' || rows.some((r) => r.text === null)) return [];
      return rows.map((r) => ({ seq: r.seq, ts: iso(r.ts), text: r.text! }));
    },
  };
}

function isRoomNameTaken(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' && (constraint === 'rooms_by_skeleton' || constraint === 'rooms_name_key_key');
}
