import { ParleyError, type User } from '@parley/protocol';
import type { AppendResult, EntryKind, EntryRecord, MessageStore, NewEntry } from '../storage.js';
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
export function createSqliteMessageStore(db: SqliteDatabase): MessageStore {
  const nextSeq = db.prepare<[number], { last_seq: number }>('UPDATE rooms SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq');
  const insert = db.prepare('INSERT INTO entries (room_id, seq, kind, sender_id, text, client_msg_id, ts, members) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const findByClientId = db.prepare<[number, number, string], EntryRow>(
    `SELECT ${entryColumns} FROM entries e JOIN users u ON u.id = e.sender_id WHERE e.room_id = ? AND e.sender_id = ? AND e.client_msg_id = ?`,
  );
  const sender = db.prepare<[number], { name: string; phone: string }>('SELECT name, phone FROM users WHERE id = ?');
  const before = db.prepare<[number, number, number], EntryRow>(
    `SELECT ${entryColumns} FROM entries e JOIN users u ON u.id = e.sender_id WHERE e.room_id = ? AND e.seq < ? ORDER BY e.seq DESC LIMIT ?`,
  );
  const after = db.prepare<[number, number, number], EntryRow>(
    `SELECT ${entryColumns} FROM entries e JOIN users u ON u.id = e.sender_id WHERE e.room_id = ? AND e.seq > ? ORDER BY e.seq ASC LIMIT ?`,
  );
  const last = db.prepare<[number], EntryRow>(
    `SELECT ${entryColumns} FROM entries e JOIN users u ON u.id = e.sender_id WHERE e.room_id = ? ORDER BY e.seq DESC LIMIT 1`,
  );

  function writeOne(entry: NewEntry, ts: string): AppendResult {
    if (entry.clientMsgId !== null) {
      const existing = findByClientId.get(entry.roomId, entry.senderId, entry.clientMsgId);
      if (existing) return { entry: toEntry(existing), duplicate: true };
    }
    const seqRow = nextSeq.get(entry.roomId);
    if (!seqRow) throw new ParleyError('room_not_found', 'The room was deleted.');
    const members = entry.members ? JSON.stringify(entry.members) : null;
    insert.run(entry.roomId, seqRow.last_seq, entry.kind, entry.senderId, entry.text, entry.clientMsgId, ts, members);
    const from = sender.get(entry.senderId)!;
    return {
      entry: {
        roomId: entry.roomId,
        seq: seqRow.last_seq,
        kind: entry.kind,
        sender: { name: from.name, phone: from.phone },
        text: entry.text,
        clientMsgId: entry.clientMsgId,
        ts,
        ...(entry.members ? { members: entry.members } : {}),
      },
      duplicate: false,
    };
  }

  let queue: Pending[] = [];
  let scheduled = false;

  // One transaction for the whole batch; an entry that fails (its room deleted) is rolled back
  // to its own savepoint so that the others still commit.
  const writeBatch = db.transaction((batch: Pending[], ts: string) => {
    const outcomes: ({ ok: true; result: AppendResult } | { ok: false; error: unknown })[] = [];
    for (const pending of batch) {
      db.exec('SAVEPOINT entry');
      try {
        outcomes.push({ ok: true, result: writeOne(pending.entry, ts) });
        db.exec('RELEASE entry');
      } catch (error) {
        db.exec('ROLLBACK TO entry');
        db.exec('RELEASE entry');
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  });

  function flush(): void {
    scheduled = false;
    const batch = queue;
    queue = [];
    let outcomes: ReturnType<typeof writeBatch>;
    try {
      outcomes = writeBatch(batch, new Date().toISOString());
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
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
