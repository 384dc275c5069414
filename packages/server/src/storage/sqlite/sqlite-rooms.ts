import { limits, type NotifyLevel, type RoomKind } from '@parley/protocol';
import type { MyRoomRecord, RoomRecord, RoomStore } from '../storage.js';
import { containsPattern, foldCase, roomNameKey } from '../like.js';
import type { SqliteDatabase } from './open-database.js';

interface RoomRow {
  id: number;
  name: string;
  kind: RoomKind;
  is_private: number;
  description: string;
  owner_id: number | null;
  owner_phone: string | null;
  max_participants: number;
  member_count: number;
  created_at: string;
  last_seq: number;
  last_message_seq: number;
  activity_at: string;
}

function toRoom(row: RoomRow): RoomRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    isPrivate: row.is_private === 1,
    description: row.description,
    ownerId: row.owner_id,
    ownerPhone: row.owner_phone,
    maxParticipants: row.max_participants,
    memberCount: row.member_count,
    createdAt: row.created_at,
    lastSeq: row.last_seq,
    lastMessageSeq: row.last_message_seq,
  };
}

const roomColumns = 'r.*, (SELECT o.phone FROM users o WHERE o.id = r.owner_id) AS owner_phone';

/** Reads of rooms and memberships; every change to them goes through the event store's commit. */
export function createSqliteRoomStore(db: SqliteDatabase): RoomStore {
  const byKey = db.prepare<[string], RoomRow>(`SELECT ${roomColumns} FROM rooms r WHERE r.name_key = ?`);
  const byId = db.prepare<[number], RoomRow>(`SELECT ${roomColumns} FROM rooms r WHERE r.id = ?`);
  const membership = db.prepare<[number, number], { user_id: number; joined_at: string; last_read_seq: number }>(
    'SELECT user_id, joined_at, last_read_seq FROM memberships WHERE room_id = ? AND user_id = ?',
  );
  // WITHOUT ROWID tables have no rowid; joined_at ties are broken by user id instead.
  const memberIds = db.prepare<[number], { user_id: number }>('SELECT user_id FROM memberships WHERE room_id = ? ORDER BY joined_at, user_id');
  const roomSeqsOfUser = db.prepare<[number], { room_id: number; last_seq: number }>(
    'SELECT m.room_id, r.last_seq FROM memberships m JOIN rooms r ON r.id = m.room_id WHERE m.user_id = ?',
  );
  const search = db.prepare<[{ user: number; pattern: string; joined: number | null; kind: string | null; limit: number }], RoomRow>(
    `SELECT ${roomColumns} FROM rooms r
     WHERE r.kind != 'direct'
       AND (r.is_private = 0 OR EXISTS (SELECT 1 FROM memberships m WHERE m.room_id = r.id AND m.user_id = @user))
       AND (r.name_key LIKE @pattern ESCAPE '\\' OR lower(r.description) LIKE @pattern ESCAPE '\\')
       AND (@joined IS NULL OR EXISTS (SELECT 1 FROM memberships j WHERE j.room_id = r.id AND j.user_id = @user) = @joined)
       AND (@kind IS NULL OR r.kind = @kind)
     ORDER BY r.name_key LIMIT @limit`,
  );
  type MineRow = RoomRow & { last_read_seq: number; notify: NotifyLevel | null };
  const mineFirst = db.prepare<[number, number], MineRow>(
    `SELECT ${roomColumns}, m.last_read_seq, m.notify FROM memberships m JOIN rooms r ON r.id = m.room_id
     WHERE m.user_id = ? ORDER BY r.activity_at DESC, r.id DESC LIMIT ?`,
  );
  const mineAfter = db.prepare<[number, string, string, number, number], MineRow>(
    `SELECT ${roomColumns}, m.last_read_seq, m.notify FROM memberships m JOIN rooms r ON r.id = m.room_id
     WHERE m.user_id = ? AND (r.activity_at < ? OR (r.activity_at = ? AND r.id < ?)) ORDER BY r.activity_at DESC, r.id DESC LIMIT ?`,
  );
  // Counted at read time up to a cap: a stored counter per member would cost a write per member
  // for every message, which a room of thousands cannot afford.
  const unread = db.prepare<[number, number, number, number], { n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM messages WHERE room_id = ? AND seq > ? AND deleted = 0 AND sender_id != ? LIMIT ?)',
  );
  const mentioned = db.prepare<[number, number, number, number], { n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM mentions WHERE user_id = ? AND room_id = ? AND seq > ? LIMIT ?)',
  );
  const peers = db.prepare<[number, number], { user_id: number }>('SELECT user_id FROM memberships WHERE room_id = ? AND user_id != ? LIMIT 1');
  const setNotify = db.prepare<[NotifyLevel | null, number, number]>('UPDATE memberships SET notify = ? WHERE room_id = ? AND user_id = ?');
  const markRead = db.prepare<[number, number, number], { last_read_seq: number }>(
    `UPDATE memberships SET last_read_seq = max(last_read_seq, min(?, (SELECT last_seq FROM rooms WHERE id = room_id)))
     WHERE room_id = ? AND user_id = ? RETURNING last_read_seq`,
  );
  const sharedMarkers = db.prepare<[number], { user_id: number; name: string; phone: string; last_read_seq: number }>(
    `SELECT m.user_id, u.name, u.phone, m.last_read_seq FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.room_id = ? AND u.read_receipts = 1 ORDER BY m.joined_at, m.user_id`,
  );
  const createdBy = db.prepare<[number, string], { n: number }>('SELECT count(*) AS n FROM rooms WHERE created_by = ? AND created_at >= ?');

  return {
    async findRoomByName(name) {
      const row = byKey.get(roomNameKey(name));
      return row ? toRoom(row) : null;
    },
    async findRoomById(id) {
      const row = byId.get(id);
      return row ? toRoom(row) : null;
    },
    async membership(roomId, userId) {
      const row = membership.get(roomId, userId);
      return row ? { userId: row.user_id, joinedAt: row.joined_at, lastReadSeq: row.last_read_seq } : null;
    },
    async memberIds(roomId) {
      return memberIds.all(roomId).map((r) => r.user_id);
    },
    async roomSeqsOfUser(userId) {
      return roomSeqsOfUser.all(userId).map((r) => ({ roomId: r.room_id, lastSeq: r.last_seq }));
    },
    async searchRooms(userId, q, limit, filters = {}) {
      const pattern = containsPattern(foldCase(q.trim()));
      const joined = filters.joined === undefined ? null : filters.joined ? 1 : 0;
      return search.all({ user: userId, pattern, joined, kind: filters.kind ?? null, limit }).map(toRoom);
    },
    async roomsOfUser(userId, page): Promise<MyRoomRecord[]> {
      const rows = page.after ? mineAfter.all(userId, page.after.activityAt, page.after.activityAt, page.after.roomId, page.limit) : mineFirst.all(userId, page.limit);
      return rows.map((row) => ({
        ...toRoom(row),
        lastReadSeq: row.last_read_seq,
        notify: row.notify,
        activityAt: row.activity_at,
        unreadCount: row.last_message_seq > row.last_read_seq ? unread.get(row.id, row.last_read_seq, userId, limits.unreadCountMax)!.n : 0,
        mentionCount: row.last_message_seq > row.last_read_seq ? mentioned.get(userId, row.id, row.last_read_seq, limits.unreadCountMax)!.n : 0,
      }));
    },
    async setNotify(roomId, userId, level) {
      return setNotify.run(level, roomId, userId).changes > 0;
    },
    async peersOf(userId, roomIds) {
      const result = new Map<number, number>();
      for (const roomId of roomIds) {
        const row = peers.get(roomId, userId);
        result.set(roomId, row?.user_id ?? userId);
      }
      return result;
    },
    async markRead(roomId, userId, seq) {
      return markRead.get(seq, roomId, userId)?.last_read_seq ?? null;
    },
    async sharedReadMarkers(roomId) {
      return sharedMarkers.all(roomId).map((r) => ({ userId: r.user_id, name: r.name, phone: r.phone, seq: r.last_read_seq }));
    },
    async countCreatedBy(userId, since) {
      return createdBy.get(userId, since)!.n;
    },
  };
}
