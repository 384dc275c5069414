import { ParleyError, type User } from '@parley/protocol';
import type pg from 'pg';
import type { AppendResult, EntryKind, EntryRecord, MessageStore, NewEntry } from '../storage.js';
import type { StoreMetrics } from '../../metrics/metrics.js';
import { inTransaction, iso } from './open-pool.js';

interface EntryRow {
  room_id: number;
  seq: number;
  kind: EntryKind;
  text: string;
  client_msg_id: string | null;
  ts: Date;
  members: User[] | null;
  sender_id: number;
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
    ts: iso(row.ts),
    ...(row.members ? { members: row.members } : {}),
  };
}

const entryColumns = 'e.room_id, e.seq, e.kind, e.text, e.client_msg_id, e.ts, e.members, e.sender_id, u.name AS sender_name, u.phone AS sender_phone';

interface Pending {
  entry: NewEntry;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

const maxSeq = 2_147_483_647;

const keyOf = (roomId: number, senderId: number, clientMsgId: string) => `${roomId}\u0000${senderId}\u0000${clientMsgId}`;

/**
 * Group commit on PostgreSQL: the appends queued during one turn are written in one transaction
 * of five statements, whatever their number. The rooms' rows are locked (in id order, so two
 * nodes cannot deadlock) while their counters advance: seqs stay gap-free with any number of
 * nodes writing to one room. Batches of one node run one at a time, keeping its call order.
 */
export function createPostgresMessageStore(pool: pg.Pool, mapError: (error: unknown) => unknown, metrics?: StoreMetrics): MessageStore {
  async function writeBatch(client: pg.PoolClient, batch: Pending[]): Promise<Outcome[]> {
    const roomIds = [...new Set(batch.map((p) => p.entry.roomId))].sort((a, b) => a - b);
    const { rows: locked } = await client.query<{ id: number; last_seq: number }>(
      'SELECT id, last_seq FROM rooms WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE',
      [roomIds],
    );
    const next = new Map(locked.map((r) => [r.id, r.last_seq]));
    const keyed = batch.filter((p) => p.entry.clientMsgId !== null);
    const existing = new Map<string, EntryRecord>();
    if (keyed.length > 0) {
      const { rows } = await client.query<EntryRow>(
        `SELECT ${entryColumns} FROM entries e JOIN users u ON u.id = e.sender_id
         JOIN unnest($1::int[], $2::int[], $3::text[]) AS k(room_id, sender_id, client_msg_id)
           ON e.room_id = k.room_id AND e.sender_id = k.sender_id AND e.client_msg_id = k.client_msg_id`,
        [keyed.map((p) => p.entry.roomId), keyed.map((p) => p.entry.senderId), keyed.map((p) => p.entry.clientMsgId)],
      );
      for (const row of rows) existing.set(keyOf(row.room_id, row.sender_id, row.client_msg_id!), toEntry(row));
    }
    const ts = new Date().toISOString();
    const inserts: EntryRecord[] = [];
    const insertSenders: number[] = [];
    const outcomes = batch.map(({ entry }): Outcome => {
      const seq = next.get(entry.roomId);
      if (seq === undefined) return { ok: false, error: new ParleyError('room_not_found', 'The room was deleted.') };
      const key = entry.clientMsgId !== null ? keyOf(entry.roomId, entry.senderId, entry.clientMsgId) : null;
      const earlier = key ? existing.get(key) : undefined;
      if (earlier) return { ok: true, result: { entry: earlier, duplicate: true } };
      next.set(entry.roomId, seq + 1);
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
      // A second copy within this very batch is a duplicate of the first.
      if (key) existing.set(key, stored);
      inserts.push(stored);
      insertSenders.push(entry.senderId);
      return { ok: true, result: { entry: stored, duplicate: false } };
    });
    if (inserts.length > 0) {
      await client.query(
        `INSERT INTO entries (room_id, seq, kind, sender_id, text, client_msg_id, ts, members)
         SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::timestamptz[], $8::jsonb[])`,
        [
          inserts.map((e) => e.roomId),
          inserts.map((e) => e.seq),
          inserts.map((e) => e.kind),
          insertSenders,
          inserts.map((e) => e.text),
          inserts.map((e) => e.clientMsgId),
          inserts.map((e) => e.ts),
          inserts.map((e) => (e.members ? JSON.stringify(e.members) : null)),
        ],
      );
      const advanced = [...next].filter(([id]) => locked.some((r) => r.id === id));
      await client.query('UPDATE rooms SET last_seq = v.seq FROM unnest($1::int[], $2::int[]) AS v(id, seq) WHERE rooms.id = v.id', [
        advanced.map(([id]) => id),
        advanced.map(([, seq]) => seq),
      ]);
      // One has read what one wrote: each sender's marker moves to their last message here.
      const readUpTo = new Map<string, [number, number, number]>();
      inserts.forEach((e, i) => {
        if (e.kind === 'message') readUpTo.set(`${e.roomId}:${insertSenders[i]}`, [e.roomId, insertSenders[i]!, e.seq]);
      });
      if (readUpTo.size > 0) {
        const marks = [...readUpTo.values()];
        await client.query(
          `UPDATE memberships m SET last_read_seq = GREATEST(m.last_read_seq, v.seq)
           FROM unnest($1::int[], $2::int[], $3::int[]) AS v(room_id, user_id, seq) WHERE m.room_id = v.room_id AND m.user_id = v.user_id`,
          [marks.map((m) => m[0]), marks.map((m) => m[1]), marks.map((m) => m[2])],
        );
      }
    }
    return outcomes;
  }

  let queue: Pending[] = [];
  let flushing: Promise<void> | null = null;

  async function flushLoop(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const endCommit = metrics?.storeCommitSeconds.startTimer();
      try {
        const outcomes = await inTransaction(pool, (client) => writeBatch(client, batch));
        endCommit?.();
        metrics?.storeCommitBatchSize.observe(batch.length);
        batch.forEach((pending, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok && !outcome.result.duplicate) metrics?.entriesStored.inc({ kind: outcome.result.entry.kind });
          if (outcome.ok) pending.resolve(outcome.result);
          else pending.reject(outcome.error);
        });
      } catch (error) {
        // Nothing of the batch was committed, so nothing was acknowledged: all may be retried.
        // A unique violation means another node stored one of these clientMsgIds meanwhile;
        // sent again, it is found as the duplicate it is.
        const mapped =
          (error as { code?: string }).code === '23505' ? new ParleyError('unavailable', 'A concurrent write got in the way; send again.') : mapError(error);
        for (const pending of batch) pending.reject(mapped);
      }
    }
    flushing = null;
  }

  return {
    append(entry) {
      return new Promise<AppendResult>((resolve, reject) => {
        queue.push({ entry, resolve, reject });
        // Wait one turn so that everything arriving together shares the transaction.
        flushing ??= new Promise<void>((done) => setImmediate(done)).then(flushLoop);
      });
    },
    async history(roomId, range) {
      // Seqs are int4 here; a bound beyond it means "everything" or "nothing".
      if (range.after !== undefined && range.after >= maxSeq) return [];
      const { rows } =
        range.after !== undefined
          ? await pool.query<EntryRow>(
              `SELECT ${entryColumns} FROM entries e JOIN users u ON u.id = e.sender_id WHERE e.room_id = $1 AND e.seq > $2 ORDER BY e.seq ASC LIMIT $3`,
              [roomId, range.after, range.limit],
            )
          : await pool.query<EntryRow>(
              `SELECT ${entryColumns} FROM entries e JOIN users u ON u.id = e.sender_id WHERE e.room_id = $1 AND e.seq < $2 ORDER BY e.seq DESC LIMIT $3`,
              [roomId, Math.min(range.before ?? maxSeq, maxSeq), range.limit],
            );
      return rows.map(toEntry);
    },
    async lastEntries(roomIds) {
      const { rows } = await pool.query<EntryRow>(
        `SELECT ${entryColumns} FROM rooms r
         JOIN entries e ON e.room_id = r.id AND e.seq = r.last_seq
         JOIN users u ON u.id = e.sender_id
         WHERE r.id = ANY($1::int[])`,
        [roomIds],
      );
      return new Map(rows.map((row) => [row.room_id, toEntry(row)]));
    },
  };
}
