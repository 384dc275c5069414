import { ParleyError, type RoomKind } from '@parley/protocol';
import type pg from 'pg';
import type { MembershipRecord, RoomRecord, RoomStore, RoomWithCount } from '../storage.js';
import { containsPattern, foldCase } from '../like.js';
import { inTransaction, iso } from './open-pool.js';

interface RoomRow {
  id: number;
  name: string;
  kind: RoomKind;
  is_private: boolean;
  description: string;
  owner_id: number | null;
  max_participants: number;
  created_at: Date;
  last_seq: number;
}

interface CountedRow extends RoomRow {
  member_count: number;
  owner_phone: string | null;
}

function toRoom(row: RoomRow): RoomRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    isPrivate: row.is_private,
    description: row.description,
    ownerId: row.owner_id,
    maxParticipants: row.max_participants,
    createdAt: iso(row.created_at),
    lastSeq: row.last_seq,
  };
}

function toCounted(row: CountedRow): RoomWithCount {
  return { ...toRoom(row), memberCount: Number(row.member_count), ownerPhone: row.owner_phone };
}

const countedColumns = `r.*,
  (SELECT count(*) FROM memberships c WHERE c.room_id = r.id)::int AS member_count,
  (SELECT o.phone FROM users o WHERE o.id = r.owner_id) AS owner_phone`;

async function addMembersWith(client: pg.Pool | pg.PoolClient, roomId: number, userIds: number[]): Promise<number[]> {
  // unnest WITH ORDINALITY keeps the callers' order, which is the order of seniority.
  const { rows } = await client
    .query<{ user_id: number }>(
      `INSERT INTO memberships (room_id, user_id, joined_at)
     SELECT $1, u.id, now() + (u.n * interval '1 microsecond') FROM unnest($2::int[]) WITH ORDINALITY AS u(id, n)
     ON CONFLICT DO NOTHING RETURNING user_id`,
      [roomId, userIds],
    )
    .catch((error: unknown) => {
      // The room was deleted since the caller looked it up (a join racing a delete_room).
      if ((error as { code?: string; constraint?: string }).code === '23503' && (error as { constraint?: string }).constraint === 'memberships_room_id_fkey') {
        throw new ParleyError('room_not_found', 'The room has been deleted.');
      }
      throw error;
    });
  const added = new Set(rows.map((r) => r.user_id));
  return userIds.filter((id) => added.has(id));
}

export function createPostgresRoomStore(pool: pg.Pool): RoomStore {
  return {
    async createRoom(room, members) {
      try {
        return await inTransaction(pool, async (client) => {
          const { rows } = await client.query<RoomRow>(
            `INSERT INTO rooms (name, name_key, kind, is_private, description, owner_id, max_participants, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, now()) RETURNING *`,
            [room.name, foldCase(room.name), room.kind, room.isPrivate, room.description, room.ownerId, room.maxParticipants],
          );
          const created = toRoom(rows[0]!);
          await addMembersWith(client, created.id, members);
          return created;
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') {
          throw new ParleyError('room_exists', `A room named "${room.name}" already exists.`, [{ field: 'room', message: 'is taken' }]);
        }
        throw error;
      }
    },
    async findRoomByName(name) {
      const { rows } = await pool.query<RoomRow>('SELECT * FROM rooms WHERE name_key = $1', [foldCase(name)]);
      return rows[0] ? toRoom(rows[0]) : null;
    },
    async findRoomById(id) {
      const { rows } = await pool.query<RoomRow>('SELECT * FROM rooms WHERE id = $1', [id]);
      return rows[0] ? toRoom(rows[0]) : null;
    },
    async withCount(room) {
      const { rows } = await pool.query<CountedRow>(`SELECT ${countedColumns} FROM rooms r WHERE r.id = $1`, [room.id]);
      if (!rows[0]) throw new ParleyError('room_not_found', `Room "${room.name}" no longer exists.`);
      return toCounted(rows[0]);
    },
    async deleteRoom(roomId) {
      await pool.query('DELETE FROM rooms WHERE id = $1', [roomId]);
    },
    addMembers(roomId, userIds) {
      return addMembersWith(pool, roomId, userIds);
    },
    async removeMember(roomId, userId) {
      return ((await pool.query('DELETE FROM memberships WHERE room_id = $1 AND user_id = $2', [roomId, userId])).rowCount ?? 0) > 0;
    },
    async setOwner(roomId, ownerId) {
      await pool.query('UPDATE rooms SET owner_id = $1 WHERE id = $2', [ownerId, roomId]);
    },
    async isMember(roomId, userId) {
      return ((await pool.query('SELECT 1 FROM memberships WHERE room_id = $1 AND user_id = $2', [roomId, userId])).rowCount ?? 0) > 0;
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
    async coMemberIds(userId) {
      const { rows } = await pool.query<{ user_id: number }>(
        'SELECT DISTINCT m.user_id FROM memberships m WHERE m.room_id IN (SELECT room_id FROM memberships WHERE user_id = $1) AND m.user_id <> $1',
        [userId],
      );
      return rows.map((r) => r.user_id);
    },
    async searchRooms(userId, q, limit) {
      const pattern = containsPattern(foldCase(q.trim()));
      const { rows } = await pool.query<CountedRow>(
        `SELECT ${countedColumns} FROM rooms r
         WHERE r.kind <> 'direct'
           AND (NOT r.is_private OR EXISTS (SELECT 1 FROM memberships m WHERE m.room_id = r.id AND m.user_id = $1))
           AND (r.name_key LIKE $2 OR lower(r.description) LIKE $2)
         ORDER BY r.name_key LIMIT $3`,
        [userId, pattern, limit],
      );
      return rows.map(toCounted);
    },
    async roomsOfUser(userId): Promise<MembershipRecord[]> {
      const { rows } = await pool.query<CountedRow & { last_read_seq: number }>(
        `SELECT ${countedColumns}, m.last_read_seq FROM memberships m JOIN rooms r ON r.id = m.room_id WHERE m.user_id = $1`,
        [userId],
      );
      return rows.map((row) => ({ ...toCounted(row), lastReadSeq: row.last_read_seq }));
    },
    async markRead(roomId, userId, seq) {
      const { rows } = await pool.query<{ last_read_seq: number }>(
        `UPDATE memberships m SET last_read_seq = GREATEST(m.last_read_seq, LEAST($1, r.last_seq))
         FROM rooms r WHERE r.id = m.room_id AND m.room_id = $2 AND m.user_id = $3 RETURNING m.last_read_seq`,
        [seq, roomId, userId],
      );
      if (!rows[0]) throw new ParleyError('forbidden', 'You are not a member of this room.');
      return rows[0].last_read_seq;
    },
  };
}
