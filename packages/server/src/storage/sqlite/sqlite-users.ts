import { ParleyError, type ChosenStatus } from '@parley/protocol';
import { userSearchScanMax, type FoundUserRecord, type UserRecord, type UserStore } from '../storage.js';
import { containsPattern, foldCase } from '../like.js';
import { nameWords, prefixRange } from '../user-search.js';
import type { SqliteDatabase } from './open-database.js';

interface UserRow {
  id: number;
  name: string;
  phone: string;
  password_hash: string;
  created_at: string;
  read_receipts: number;
  status: ChosenStatus;
  status_text: string | null;
  status_emoji: string | null;
  status_until: string | null;
}

export function toUser(row: UserRow): UserRecord {
  return { id: row.id, name: row.name, phone: row.phone, passwordHash: row.password_hash, createdAt: row.created_at, readReceipts: row.read_receipts === 1, status: { status: row.status, text: row.status_text, emoji: row.status_emoji, until: row.status_until } };
}

export const userColumns = 'u.id, u.name, u.phone, u.password_hash, u.created_at, u.read_receipts, u.status, u.status_text, u.status_emoji, u.status_until';

export function createSqliteUserStore(db: SqliteDatabase): UserStore {
  const insert = db.prepare('INSERT INTO users (name, name_key, phone, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
  const byPhone = db.prepare<[string], UserRow>(`SELECT ${userColumns} FROM users u WHERE u.phone = ?`);
  const byId = db.prepare<[number], UserRow>(`SELECT ${userColumns} FROM users u WHERE u.id = ?`);
  const setPassword = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?');
  const setReceipts = db.prepare('UPDATE users SET read_receipts = ? WHERE id = ?');
  const setStatus = db.prepare('UPDATE users SET status = ?, status_text = ?, status_emoji = ?, status_until = ? WHERE id = ?');
  const insertWord = db.prepare('INSERT OR IGNORE INTO user_name_words (word, user_id) VALUES (?, ?)');
  const create = db.transaction((name: string, phone: string, passwordHash: string, createdAt: string) => {
    const { lastInsertRowid } = insert.run(name, foldCase(name), phone, passwordHash, createdAt);
    for (const word of nameWords(name)) insertWord.run(word, lastInsertRowid);
    return Number(lastInsertRowid);
  });
  const byPhonePrefix = db.prepare<Record<string, string | number>, UserRow>(sqliteUserSearch.byPhonePrefix);
  const byNameWord = db.prepare<Record<string, string | number>, UserRow>(sqliteUserSearch.byNameWord);
  const coMembers = db.prepare<Record<string, string | number>, UserRow>(sqliteUserSearch.coMembers);
  const people = db.prepare<Record<string, string | number>, UserRow & { name_key: string }>(
    `SELECT ${userColumns}, u.name_key FROM users u
     WHERE u.id IN (SELECT b.user_id FROM memberships a JOIN memberships b ON b.room_id = a.room_id WHERE a.user_id = @caller AND b.user_id != @caller)
       AND (u.name_key > @key OR (u.name_key = @key AND u.id > @id))
     ORDER BY u.name_key, u.id LIMIT @limit`,
  );
  const roomMembers = db.prepare<{ room: number; low: string | null; high: string | null; contains: string; limit: number }, UserRow>(
    `SELECT ${userColumns} FROM memberships m CROSS JOIN users u ON u.id = m.user_id
     WHERE m.room_id = @room AND (@low IS NULL OR (u.phone >= @low AND u.phone < @high)) AND u.name_key LIKE @contains ESCAPE '\\'
     ORDER BY u.name_key, u.id LIMIT @limit`,
  );
  const isCoMember = db.prepare<Record<string, number>, { co: number }>(`SELECT ${coMember} AS co FROM users u WHERE u.id = @user`);

  return {
    async createUser({ name, phone, passwordHash }) {
      const createdAt = new Date().toISOString();
      try {
        return { id: create(name, phone, passwordHash, createdAt), name, phone, passwordHash, createdAt, readReceipts: true, status: { status: 'online', text: null, emoji: null, until: null } };
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new ParleyError('phone_taken', 'An account with this phone number already exists.', [{ field: 'phone', message: 'is already registered' }]);
        }
        throw error;
      }
    },
    async findUserByPhone(phone) {
      const row = byPhone.get(phone);
      return row ? toUser(row) : null;
    },
    async findUserById(id) {
      const row = byId.get(id);
      return row ? toUser(row) : null;
    },
    async findUsersByPhones(phones) {
      return phones.map((p) => byPhone.get(p)).filter((r): r is UserRow => r !== undefined).map(toUser);
    },
    async findUsersByIds(ids) {
      return ids.map((id) => byId.get(id)).filter((r): r is UserRow => r !== undefined).map(toUser);
    },
    async findUsersFor(callerId, query, limit) {
      const found = new Map<number, FoundUserRecord>();
      if (query.exactPhone !== undefined) {
        const row = byPhone.get(query.exactPhone);
        if (row) found.set(row.id, { user: toUser(row), coMember: isCoMember.get({ caller: callerId, user: row.id })?.co === 1 });
      }
      const scan = userSearchScanMax;
      let rows: UserRow[];
      if (query.phonePrefix !== undefined) rows = byPhonePrefix.all({ caller: callerId, ...prefixRange(query.phonePrefix), scan, limit });
      else if (query.nameWord !== undefined) rows = byNameWord.all({ caller: callerId, ...prefixRange(query.nameWord), contains: containsPattern(query.nameContains ?? ''), scan, limit });
      else rows = coMembers.all({ caller: callerId, scan, limit });
      for (const row of rows) if (!found.has(row.id)) found.set(row.id, { user: toUser(row), coMember: true });
      return [...found.values()].sort(byName).slice(0, limit);
    },
    async coMembersPage(callerId, after, limit) {
      return people.all({ caller: callerId, key: after?.nameKey ?? '', id: after?.id ?? 0, limit }).map((row) => ({ user: toUser(row), nameKey: row.name_key }));
    },
    async findRoomMembers(roomId, query, limit) {
      const range = query.phonePrefix !== undefined ? prefixRange(query.phonePrefix) : { low: null, high: null };
      return roomMembers.all({ room: roomId, ...range, contains: containsPattern(query.nameContains ?? ''), limit }).map(toUser);
    },
    async setPasswordHash(userId, passwordHash) {
      setPassword.run(passwordHash, userId);
    },
    async setReadReceipts(userId, on) {
      setReceipts.run(on ? 1 : 0, userId);
    },
    async setStatus(userId, { status, text, emoji, until }) {
      setStatus.run(status, text, emoji, until, userId);
    },
  };
}

function byName(a: FoundUserRecord, b: FoundUserRecord): number {
  const [x, y] = [foldCase(a.user.name), foldCase(b.user.name)];
  return x < y ? -1 : x > y ? 1 : a.user.id - b.user.id;
}

// Whether u shares a room with @caller: walks u's memberships (memberships_by_user) and looks
// each room up for the caller (the primary key), so it costs u's room count, never a scan.
const coMember = `(u.id = @caller OR EXISTS (SELECT 1 FROM memberships b JOIN memberships a ON a.room_id = b.room_id AND a.user_id = @caller WHERE b.user_id = u.id))`;

/**
 * The user search's queries, exported so that a test can show their plans (EXPLAIN QUERY PLAN:
 * every step a SEARCH through an index, none a SCAN of users). Candidates come from an index
 * range, at most @scan of them, and only then are they filtered to the caller's co-members.
 * CROSS JOIN keeps that order: otherwise SQLite may walk users by name to honour ORDER BY.
 */
export const sqliteUserSearch = {
  byPhonePrefix: `SELECT ${userColumns} FROM (SELECT id FROM users WHERE phone >= @low AND phone < @high ORDER BY phone LIMIT @scan) c CROSS JOIN users u ON u.id = c.id WHERE ${coMember} ORDER BY u.name_key, u.id LIMIT @limit`,
  byNameWord: `SELECT ${userColumns} FROM (SELECT DISTINCT user_id FROM (SELECT user_id FROM user_name_words WHERE word >= @low AND word < @high ORDER BY word LIMIT @scan)) c CROSS JOIN users u ON u.id = c.user_id WHERE u.name_key LIKE @contains ESCAPE '\\' AND ${coMember} ORDER BY u.name_key, u.id LIMIT @limit`,
  coMembers: `SELECT ${userColumns} FROM users u WHERE u.id = @caller OR u.id IN (SELECT b.user_id FROM memberships a JOIN memberships b ON b.room_id = a.room_id WHERE a.user_id = @caller LIMIT @scan) ORDER BY u.name_key, u.id LIMIT @limit`,
};
