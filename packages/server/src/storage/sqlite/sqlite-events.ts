import type { CommitRules } from '../../chat/events/apply-command.js';
import type { StoreMetrics } from '../../metrics/metrics.js';
import type { EventStore, HistoryEvent } from '../storage.js';
import { createGroupCommit } from '../group-commit.js';
import { messageState, type QuoteRow, type ReactionRows } from '../message-rows.js';
import type { SqliteDatabase } from './open-database.js';
import { createSqliteBatchRunner, toStoredEvent, type EventRow } from './sqlite-commit.js';

interface HistoryRow extends EventRow {
  sender_name: string;
  sender_phone: string;
  m_seq: number | null;
  edited_text: string | null;
  edited_at: string | null;
  deleted: number | null;
  state_seq: number | null;
}

const historyColumns = `e.*, u.name AS sender_name, u.phone AS sender_phone,
  m.seq AS m_seq, m.edited_text, m.edited_at, m.deleted, m.state_seq`;
const historyFrom = `entries e JOIN users u ON u.id = e.sender_id LEFT JOIN messages m ON m.room_id = e.room_id AND m.seq = e.seq`;

/**
 * A room's event log and its derived message state on SQLite. Commits are group-committed (one
 * fsync per batch with synchronous=FULL); reads return each message as it is now.
 */
export function createSqliteEventStore(db: SqliteDatabase, rules: CommitRules, metrics?: StoreMetrics): EventStore & { drain(): Promise<void> } {
  const runBatch = createSqliteBatchRunner(db, rules);
  const queue = createGroupCommit(async (commands) => runBatch(commands), metrics);

  const before = db.prepare<[number, number, number], HistoryRow>(`SELECT ${historyColumns} FROM ${historyFrom} WHERE e.room_id = ? AND e.seq < ? ORDER BY e.seq DESC LIMIT ?`);
  const after = db.prepare<[number, number, number], HistoryRow>(`SELECT ${historyColumns} FROM ${historyFrom} WHERE e.room_id = ? AND e.seq > ? ORDER BY e.seq ASC LIMIT ?`);
  const at = db.prepare<[number, number], HistoryRow>(`SELECT ${historyColumns} FROM ${historyFrom} WHERE e.room_id = ? AND e.seq = ?`);
  const quote = db.prepare<[number, number], { seq: number; sender_id: number; text: string | null; deleted: number }>(
    `SELECT m.seq, m.sender_id, coalesce(m.edited_text, json_extract(e.body, '$.text')) AS text, m.deleted
     FROM messages m JOIN entries e ON e.room_id = m.room_id AND e.seq = m.seq WHERE m.room_id = ? AND m.seq = ?`,
  );
  const reactions = db.prepare<[number, number, number], { seq: number; emoji: string; user_id: number }>(
    'SELECT seq, emoji, user_id FROM reactions WHERE room_id = ? AND seq BETWEEN ? AND ? ORDER BY seq, n',
  );
  const lastMessageSeq = db.prepare<[number], { last_message_seq: number; last_seq: number }>('SELECT last_message_seq, last_seq FROM rooms WHERE id = ?');
  const versions = db.prepare<[number, number, number], { seq: number; ts: string; text: string | null; type: string }>(
    `SELECT seq, ts, json_extract(body, '$.text') AS text, type FROM entries
     WHERE room_id = ? AND (seq = ? OR (target_seq = ? AND type = 'edit')) ORDER BY seq`,
  );
  const messageFacts = db.prepare<[number, number], { seq: number; sender_id: number; ts: string; deleted: number; text: string | null }>(
    `SELECT m.seq, m.sender_id, e.ts, m.deleted, coalesce(m.edited_text, json_extract(e.body, '$.text')) AS text
     FROM messages m JOIN entries e ON e.room_id = m.room_id AND e.seq = m.seq WHERE m.room_id = ? AND m.seq = ?`,
  );

  /** Rows of one room → events, messages with their quotes and reactions. */
  function toHistory(roomId: number, rows: HistoryRow[], viewerId: number | null): HistoryEvent[] {
    const messageSeqs = rows.filter((r) => r.m_seq !== null).map((r) => r.seq);
    const reactionRows: ReactionRows =
      messageSeqs.length > 0
        ? reactions.all(roomId, Math.min(...messageSeqs), Math.max(...messageSeqs)).map((r) => ({ seq: r.seq, emoji: r.emoji, userId: r.user_id }))
        : [];
    const quotes = new Map<number, QuoteRow>();
    return rows.map((row) => {
      const event = toStoredEvent(row);
      const sender = { name: row.sender_name, phone: row.sender_phone };
      if (row.m_seq === null) return { ...event, sender };
      const replyTo = event.body.replyTo;
      if (typeof replyTo === 'number' && !quotes.has(replyTo)) {
        const q = quote.get(roomId, replyTo);
        if (q) quotes.set(replyTo, { seq: q.seq, senderId: q.sender_id, text: q.text, deleted: q.deleted === 1 });
      }
      const message = messageState(
        { seq: row.seq, senderId: row.sender_id, body: event.body, editedText: row.edited_text, editedAt: row.edited_at, deleted: row.deleted === 1, stateSeq: row.state_seq ?? row.seq },
        quotes,
        reactionRows,
        viewerId,
      );
      return { ...event, sender, message };
    });
  }

  function eventAt(roomId: number, seq: number, viewerId: number | null): HistoryEvent | undefined {
    const row = at.get(roomId, seq);
    return row ? toHistory(roomId, [row], viewerId)[0] : undefined;
  }

  return {
    commit: (command) => queue.commit(command),
    drain: () => queue.drain(),
    async history(roomId, range, viewerId) {
      const rows =
        range.after !== undefined ? after.all(roomId, range.after, range.limit) : before.all(roomId, range.before ?? Number.MAX_SAFE_INTEGER, range.limit);
      return toHistory(roomId, rows, viewerId);
    },
    async message(roomId, seq) {
      const row = messageFacts.get(roomId, seq);
      return row ? { seq: row.seq, senderId: row.sender_id, ts: row.ts, text: row.deleted ? null : row.text, deleted: row.deleted === 1 } : null;
    },
    async lastMessages(roomIds, viewerId) {
      const result = new Map<number, HistoryEvent>();
      for (const roomId of roomIds) {
        const seq = lastMessageSeq.get(roomId)?.last_message_seq ?? 0;
        const event = seq > 0 ? eventAt(roomId, seq, viewerId) : undefined;
        if (event) result.set(roomId, event);
      }
      return result;
    },
    async lastEvents(roomIds, viewerId) {
      const result = new Map<number, HistoryEvent>();
      for (const roomId of roomIds) {
        const seq = lastMessageSeq.get(roomId)?.last_seq ?? 0;
        const event = seq > 0 ? eventAt(roomId, seq, viewerId) : undefined;
        if (event) result.set(roomId, event);
      }
      return result;
    },
    async versions(roomId, seq) {
      const rows = versions.all(roomId, seq, seq);
      if (rows[0]?.type !== 'message' || rows.some((r) => r.text === null)) return [];
      return rows.map((r) => ({ seq: r.seq, ts: r.ts, text: r.text! }));
    },
  };
}
