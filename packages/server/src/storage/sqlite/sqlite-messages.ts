import { ParleyError, type User } from '@parley/protocol';
import type { AppendResult, EntryKind, EntryRecord, MessageStore, NewEntry } from '../storage.js';
import type { StoreMetrics } from '../../metrics/metrics.js';
import type { SqliteDatabase } from './open-database.js';

interface EntryRow {
  room_id: number;
  seq: number;
  kind: EntryKind;
  text: string;
  client_msg_id: string | null;
  ts: string;
  members: string | null;
  sender_name: string;
  sender_phone: string;
}

function toEntry(row: EntryRow): EntryRecord {
  return {
    roomId: row.room_id,
    seq: row.seq,
    kind: row.kind,
    sender: { name: row.sender_name, phone: row.sender_phone },
    text: row.text,
    clientMsgId: row.client_msg_id,
    ts: row.ts,
    ...(row.members ? { members: JSON.parse(row.members) as User[] } : {}),
  };
}

const entryColumns = 'e.room_id, e.seq, e.kind, e.text, e.client_msg_id, e.ts, e.members, u.name AS sender_name, u.phone AS sender_phone';

interface Pending {
  entry: NewEntry;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Messages and system entries. Appends are queued and written together once per event-loop
 * turn in one transaction (group commit): with synchronous=FULL each commit costs one fsync, so
 * batching is what keeps durable acks from capping throughput.
 */
export function createSqliteMessageStore(db: SqliteDatabase, metrics?: StoreMetrics): MessageStore {
  const lastSeq = db.prepare<[number], { last_seq: number }>('SELECT last_seq FROM rooms WHERE id = ?');
  const setLastSeq = db.prepare('UPDATE rooms SET last_seq = ? WHERE id = ?');
  const markRead = db.prepare('UPDATE memberships SET last_read_seq = max(last_read_seq, ?) WHERE room_id = ? AND user_id = ?');
  // OR IGNORE: a clientMsgId seen before makes the insert a no-op, found below as a duplicate.
  const insert = db.prepare(
    'INSERT OR IGNORE INTO entries (room_id, seq, kind, sender_id, text, client_msg_id, ts, members) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const findByClientId = db.prepare<[number, number, string], EntryRow>(
    `SELECT ${entryColumns} FROM entries e JOIN users u ON u.id = e.sender_id WHERE e.room_id = ? AND e.sender_id = ? AND e.client_msg_id = ?`,
  );
  const before = db.prepare<[number, number, number], EntryRow>(
    `SELECT ${entryColumns} FROM entries e JOIN users u ON u.id = e.sender_id WHERE e.room_id = ? AND e.seq < ? ORDER BY e.seq DESC LIMIT ?`,
  );
  const after = db.prepare<[number, number, number], EntryRow>(
    `SELECT ${entryColumns} FROM entries e JOIN users u ON u.id = e.sender_id WHERE e.room_id = ? AND e.seq > ? ORDER BY e.seq ASC LIMIT ?`,
  );
  const last = db.prepare<[number], EntryRow>(
    `SELECT ${entryColumns} FROM entries e JOIN users u ON u.id = e.sender_id WHERE e.room_id = ? ORDER BY e.seq DESC LIMIT 1`,
  );

  type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

  // One transaction for the whole batch. Each room's counter is read once and written once;
  // seqs are handed out in call order, and only to entries actually inserted.
  const writeBatch = db.transaction((batch: Pending[], ts: string): Outcome[] => {
    const next = new Map<number, number | null>();
    const readUpTo = new Map<string, [roomId: number, userId: number, seq: number]>();
    const outcomes = batch.map(({ entry }): Outcome => {
      let seq = next.get(entry.roomId);
      if (seq === undefined) {
        seq = lastSeq.get(entry.roomId)?.last_seq ?? null;
        next.set(entry.roomId, seq);
      }
      if (seq === null) return { ok: false, error: new ParleyError('room_not_found', 'The room was deleted.') };
      const members = entry.members ? JSON.stringify(entry.members) : null;
      const inserted = insert.run(entry.roomId, seq + 1, entry.kind, entry.senderId, entry.text, entry.clientMsgId, ts, members).changes > 0;
      if (!inserted) {
        const existing = findByClientId.get(entry.roomId, entry.senderId, entry.clientMsgId ?? '');
        if (!existing) throw new Error(`entry ${entry.roomId}/${seq + 1} was not stored and is no duplicate`);
        return { ok: true, result: { entry: toEntry(existing), duplicate: true } };
      }
      next.set(entry.roomId, seq + 1);
      if (entry.kind === 'message') readUpTo.set(`${entry.roomId}:${entry.senderId}`, [entry.roomId, entry.senderId, seq + 1]);
      const stored: EntryRecord = {
        roomId: entry.roomId,
        seq: seq + 1,
        kind: entry.kind,
        sender: entry.sender,
        text: entry.text,
        clientMsgId: entry.clientMsgId,
        ts,
        ...(entry.members ? { members: entry.members } : {}),
      };
      return { ok: true, result: { entry: stored, duplicate: false } };
    });
    for (const [roomId, seq] of next) if (seq !== null) setLastSeq.run(seq, roomId);
    for (const [roomId, userId, seq] of readUpTo.values()) markRead.run(seq, roomId, userId);
    return outcomes;
  });

  let queue: Pending[] = [];
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    const batch = queue;
    queue = [];
    let outcomes: Outcome[];
    const endCommit = metrics?.storeCommitSeconds.startTimer();
    try {
      outcomes = writeBatch(batch, new Date().toISOString());
      endCommit?.();
      metrics?.storeCommitBatchSize.observe(batch.length);
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok && !outcome.result.duplicate) metrics?.entriesStored.inc({ kind: outcome.result.entry.kind });
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
  }

  return {
    append(entry) {
      return new Promise<AppendResult>((resolve, reject) => {
        queue.push({ entry, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    async history(roomId, range) {
      const rows = range.after !== undefined ? after.all(roomId, range.after, range.limit) : before.all(roomId, range.before ?? Number.MAX_SAFE_INTEGER, range.limit);
      return rows.map(toEntry);
    },
    async lastEntries(roomIds) {
      const result = new Map<number, EntryRecord>();
      for (const id of roomIds) {
        const row = last.get(id);
        if (row) result.set(id, toEntry(row));
      }
      return result;
    },
  };
}
