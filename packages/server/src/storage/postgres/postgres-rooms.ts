import { limits, type NotifyLevel, type RoomKind } from '@parley/protocol';
import type pg from 'pg';
import type { MyRoomRecord, RoomRecord, RoomStore } from '../storage.js';
import { containsPattern, foldCase, roomNameKey } from '../like.js';
import { iso } from './open-pool.js';

interface RoomRow {
  id: number;
  name: string;
  kind: RoomKind;
  is_private: boolean;
  description: string;
  owner_id: number | null;
  owner_phone: string | null;
  max_participants: number;
  member_count: number;
  created_at: Date;
  last_seq: number;
  last_message_seq: number;
  activity_at: Date;
}

function toRoom(row: RoomRow): RoomRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    isPrivate: row.is_private,
    description: row.description,
    ownerId: row.owner_id,
    ownerPhone: row.owner_phone,
    maxParticipants: row.max_participants,
    memberCount: row.member_count,
    createdAt: iso(row.created_at),
    lastSeq: row.last_seq,
    lastMessageSeq: row.last_message_seq,
  };
}

const roomColumns = 'r.*, (SELECT o.phone FROM users o WHERE o.id = r.owner_id) AS owner_phone';
const maxSeq = 2_147_483_647;

/** Reads of rooms and memberships; every change to them goes through the event store's commit. */
export function createPostgresRoomStore(pool: pg.Pool): RoomStore {
  return {
    async findRoomByName(name) {
      const { rows } = await pool.query<RoomRow>(`SELECT ${roomColumns} FROM rooms r WHERE r.name_key = $1`, [roomNameKey(name)]);
      return rows[0] ? toRoom(rows[0]) : null;
    },
    async findRoomById(id) {
      const { rows } = await pool.query<RoomRow>(`SELECT ${roomColumns} FROM rooms r WHERE r.id = $1`, [id]);
      return rows[0] ? toRoom(rows[0]) : null;
    },
    async membership(roomId, userId) {
      const { rows } = await pool.query<{ user_id: number; joined_at: Date; last_read_seq: number }>(
        'SELECT user_id, joined_at, last_read_seq FROM memberships WHERE room_id = $1 AND user_id = $2',
        [roomId, userId],
      );
      const row = rows[0];
      return row ? { userId: row.user_id, joinedAt: iso(row.joined_at), lastReadSeq: row.last_read_seq } : null;
    },
    async memberIds(roomId) {
      const { rows } = await pool.query<{ user_id: number }>('SELECT user_id FROM memberships WHERE room_id = $1 ORDER BY joined_at, user_id', [roomId]);
      return rows.map((r) => r.user_id);
    },
    async roomSeqsOfUser(userId) {
      const { rows } = await pool.query<{ room_id: number; last_seq: number }>(
        'SELECT m.room_id, r.last_seq FROM memberships m JOIN rooms r ON r.id = m.room_id WHERE m.user_id = $1',
        [userId],
      );
      return rows.map((r) => ({ roomId: r.room_id, lastSeq: r.last_seq }));
    },
    async searchRooms(userId, q, limit, filters = {}) {
      const pattern = containsPattern(foldCase(q.trim()));
      const { rows } = await pool.query<RoomRow>(
        `SELECT ${roomColumns} FROM rooms r
         WHERE r.kind <> 'direct'
           AND (NOT r.is_private OR EXISTS (SELECT 1 FROM memberships m WHERE m.room_id = r.id AND m.user_id = $1))
           AND (r.name_key LIKE $2 OR lower(r.description) LIKE $2)
           AND ($4::boolean IS NULL OR EXISTS (SELECT 1 FROM memberships j WHERE j.room_id = r.id AND j.user_id = $1) = $4::boolean)
           AND ($5::text IS NULL OR r.kind = $5::text)
         ORDER BY r.name_key LIMIT $3`,
        [userId, pattern, limit, filters.joined ?? null, filters.kind ?? null],
      );
      return rows.map(toRoom);
    },
    async roomsOfUser(userId, page): Promise<MyRoomRecord[]> {
      // Unread and mention counts are counted at read time up to a cap: a stored counter per
      // member would cost a write per member for every message, which big rooms cannot afford.
      const { rows } = await pool.query<RoomRow & { last_read_seq: number; notify: NotifyLevel | null; unread: number; mentioned: number }>(
        `SELECT ${roomColumns}, m.last_read_seq, m.notify,
           CASE WHEN r.last_message_seq > m.last_read_seq THEN (SELECT count(*) FROM (
             SELECT 1 FROM messages x WHERE x.room_id = r.id AND x.seq > m.last_read_seq AND NOT x.deleted AND x.sender_id <> $1 LIMIT $2) c)::int ELSE 0 END AS unread,
           CASE WHEN r.last_message_seq > m.last_read_seq THEN (SELECT count(*) FROM (
             SELECT 1 FROM mentions n WHERE n.user_id = $1 AND n.room_id = r.id AND n.seq > m.last_read_seq LIMIT $2) c)::int ELSE 0 END AS mentioned
         FROM memberships m JOIN rooms r ON r.id = m.room_id
         WHERE m.user_id = $1 AND ($3::timestamptz IS NULL OR r.activity_at < $3 OR (r.activity_at = $3 AND r.id < $4))
         ORDER BY r.activity_at DESC, r.id DESC LIMIT $5`,
        [userId, limits.unreadCountMax, page.after?.activityAt ?? null, page.after?.roomId ?? 0, page.limit],
      );
      return rows.map((row) => ({ ...toRoom(row), lastReadSeq: row.last_read_seq, notify: row.notify, activityAt: iso(row.activity_at), unreadCount: row.unread, mentionCount: row.mentioned }));
    },
    async setNotify(roomId, userId, level) {
      const { rowCount } = await pool.query('UPDATE memberships SET notify = $1 WHERE room_id = $2 AND user_id = $3', [level, roomId, userId]);
      return (rowCount ?? 0) > 0;
    },
    async peersOf(userId, roomIds) {
      const result = new Map<number, number>(roomIds.map((id) => [id, userId]));
      if (roomIds.length === 0) return result;
      const { rows } = await pool.query<{ room_id: number; user_id: number }>(
        'SELECT room_id, user_id FROM memberships WHERE room_id = ANY($1::int[]) AND user_id <> $2',
        [roomIds, userId],
      );
      for (const r of rows) result.set(r.room_id, r.user_id);
      return result;
    },
    async markRead(roomId, userId, seq) {
      const { rows } = await pool.query<{ last_read_seq: number }>(
        `UPDATE memberships m SET last_read_seq = GREATEST(m.last_read_seq, LEAST($1, r.last_seq))
         FROM rooms r WHERE r.id = m.room_id AND m.room_id = $2 AND m.user_id = $3 RETURNING m.last_read_seq`,
        [Math.min(seq, maxSeq), roomId, userId],
      );
      return rows[0]?.last_read_seq ?? null;
    },
    async sharedReadMarkers(roomId) {
      const { rows } = await pool.query<{ user_id: number; name: string; phone: string; last_read_seq: number }>(
        `SELECT m.user_id, u.name, u.phone, m.last_read_seq FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.room_id = $1 AND u.read_receipts ORDER BY m.joined_at, m.user_id`,
        [roomId],
      );
      return rows.map((r) => ({ userId: r.user_id, name: r.name, phone: r.phone, seq: r.last_read_seq }));
    },
    async countCreatedBy(userId, since) {
      const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM rooms WHERE created_by = $1 AND created_at >= $2', [userId, since]);
      return rows[0]!.n;
    },
  };
}
