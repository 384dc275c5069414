import { ParleyError, type RoomKind } from '@parley/protocol';
import type { MembershipRecord, RoomRecord, RoomStore, RoomWithCount } from '../storage.js';
import { containsPattern, foldCase } from '../like.js';
import type { SqliteDatabase } from './open-database.js';

interface RoomRow {
  id: number;
  name: string;
  kind: RoomKind;
  is_private: number;
  description: string;
  owner_id: number | null;
  max_participants: number;
  created_at: string;
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
    isPrivate: row.is_private === 1,
    description: row.description,
    ownerId: row.owner_id,
    maxParticipants: row.max_participants,
    createdAt: row.created_at,
    lastSeq: row.last_seq,
  };
}

function toCounted(row: CountedRow): RoomWithCount {
  return { ...toRoom(row), memberCount: row.member_count, ownerPhone: row.owner_phone };
}

const countedColumns = `r.*,
  (SELECT count(*) FROM memberships c WHERE c.room_id = r.id) AS member_count,
  (SELECT o.phone FROM users o WHERE o.id = r.owner_id) AS owner_phone`;

export function createSqliteRoomStore(db: SqliteDatabase): RoomStore {
  const insertRoom = db.prepare(
    'INSERT INTO rooms (name, name_key, kind, is_private, description, owner_id, max_participants, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertMember = db.prepare('INSERT OR IGNORE INTO memberships (room_id, user_id, joined_at) VALUES (?, ?, ?)');
  const byName = db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE name_key = ?');
  const byId = db.prepare<[number], RoomRow>('SELECT * FROM rooms WHERE id = ?');
  const counted = db.prepare<[number], CountedRow>(`SELECT ${countedColumns} FROM rooms r WHERE r.id = ?`);
  const deleteRoom = db.prepare('DELETE FROM rooms WHERE id = ?');
  const removeMember = db.prepare('DELETE FROM memberships WHERE room_id = ? AND user_id = ?');
  const setOwner = db.prepare('UPDATE rooms SET owner_id = ? WHERE id = ?');
  const isMember = db.prepare<[number, number], { one: number }>('SELECT 1 AS one FROM memberships WHERE room_id = ? AND user_id = ?');
  const roomSeqsOfUser = db.prepare<[number], { room_id: number; last_seq: number }>(
    'SELECT m.room_id, r.last_seq FROM memberships m JOIN rooms r ON r.id = m.room_id WHERE m.user_id = ?',
  );
  const coMembers = db.prepare<[number, number], { user_id: number }>(
    `SELECT DISTINCT m.user_id FROM memberships m
     WHERE m.room_id IN (SELECT room_id FROM memberships WHERE user_id = ?) AND m.user_id != ?`,
  );
  const search = db.prepare<[number, string, string, number], CountedRow>(
    `SELECT ${countedColumns} FROM rooms r
     WHERE r.kind != 'direct'
       AND (r.is_private = 0 OR EXISTS (SELECT 1 FROM memberships m WHERE m.room_id = r.id AND m.user_id = ?))
       AND (r.name_key LIKE ? ESCAPE '\\' OR lower(r.description) LIKE ? ESCAPE '\\')
     ORDER BY r.name_key LIMIT ?`,
  );
  const mine = db.prepare<[number], CountedRow & { last_read_seq: number }>(
    `SELECT ${countedColumns}, m.last_read_seq FROM memberships m JOIN rooms r ON r.id = m.room_id WHERE m.user_id = ?`,
  );
  const markRead = db.prepare<[number, number, number], { last_read_seq: number }>(
    `UPDATE memberships SET last_read_seq = max(last_read_seq, min(?, (SELECT last_seq FROM rooms WHERE id = room_id)))
     WHERE room_id = ? AND user_id = ? RETURNING last_read_seq`,
  );

  // WITHOUT ROWID tables have no rowid; joined_at ties are broken by user id instead.
  const memberIdsOrdered = db.prepare<[number], { user_id: number }>('SELECT user_id FROM memberships WHERE room_id = ? ORDER BY joined_at, user_id');

  const addMembers = db.transaction((roomId: number, userIds: number[], joinedAt: string) => {
    const added: number[] = [];
    for (const userId of userIds) {
      if (insertMember.run(roomId, userId, joinedAt).changes > 0) added.push(userId);
    }
    return added;
  });

  const createRoom = db.transaction((room: Parameters<RoomStore['createRoom']>[0], members: number[]) => {
    const createdAt = new Date().toISOString();
    const { lastInsertRowid } = insertRoom.run(
      room.name,
      foldCase(room.name),
      room.kind,
      room.isPrivate ? 1 : 0,
      room.description,
      room.ownerId,
      room.maxParticipants,
      createdAt,
    );
    const id = Number(lastInsertRowid);
    addMembers(id, members, createdAt);
    return toRoom(byId.get(id)!);
  });

  return {
    async createRoom(room, members) {
      try {
        return createRoom(room, members);
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new ParleyError('room_exists', `A room named "${room.name}" already exists.`, [{ field: 'room', message: 'is taken' }]);
        }
        throw error;
      }
    },
    async findRoomByName(name) {
      const row = byName.get(foldCase(name));
      return row ? toRoom(row) : null;
    },
    async findRoomById(id) {
      const row = byId.get(id);
      return row ? toRoom(row) : null;
    },
    async withCount(room) {
      const row = counted.get(room.id);
      if (!row) throw new ParleyError('room_not_found', `Room "${room.name}" no longer exists.`);
      return toCounted(row);
    },
    async deleteRoom(roomId) {
      deleteRoom.run(roomId);
    },
    async addMembers(roomId, userIds) {
      return addMembers(roomId, userIds, new Date().toISOString());
    },
    async removeMember(roomId, userId) {
      return removeMember.run(roomId, userId).changes > 0;
    },
    async setOwner(roomId, ownerId) {
      setOwner.run(ownerId, roomId);
    },
    async isMember(roomId, userId) {
      return isMember.get(roomId, userId) !== undefined;
    },
    async memberIds(roomId) {
      return memberIdsOrdered.all(roomId).map((r) => r.user_id);
    },
    async roomSeqsOfUser(userId) {
      return roomSeqsOfUser.all(userId).map((r) => ({ roomId: r.room_id, lastSeq: r.last_seq }));
    },
    async coMemberIds(userId) {
      return coMembers.all(userId, userId).map((r) => r.user_id);
    },
    async searchRooms(userId, q, limit) {
      const pattern = containsPattern(foldCase(q.trim()));
      return search.all(userId, pattern, pattern, limit).map(toCounted);
    },
    async roomsOfUser(userId): Promise<MembershipRecord[]> {
      return mine.all(userId).map((row) => ({ ...toCounted(row), lastReadSeq: row.last_read_seq }));
    },
    async markRead(roomId, userId, seq) {
      const row = markRead.get(seq, roomId, userId);
      if (!row) throw new ParleyError('forbidden', 'You are not a member of this room.');
      return row.last_read_seq;
    },
  };
}
