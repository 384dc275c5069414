import { ParleyError, type ChosenStatus } from '@parley/protocol';
import type pg from 'pg';
import { userSearchScanMax, type FoundUserRecord, type UserRecord, type UserStore } from '../storage.js';
import { containsPattern, foldCase } from '../like.js';
import { nameWords, prefixRange } from '../user-search.js';
import { inTransaction, iso } from './open-pool.js';

interface UserRow {
  id: number;
  name: string;
  phone: string;
  password_hash: string;
  created_at: Date;
  read_receipts: boolean;
  status: ChosenStatus;
  status_text: string | null;
  status_emoji: string | null;
  status_until: Date | null;
}

export const userColumns = 'u.id, u.name, u.phone, u.password_hash, u.created_at, u.read_receipts, u.status, u.status_text, u.status_emoji, u.status_until';

export function toUser(row: UserRow): UserRecord {
  return { id: row.id, name: row.name, phone: row.phone, passwordHash: row.password_hash, createdAt: iso(row.created_at), readReceipts: row.read_receipts,
    status: { status: row.status, text: row.status_text, emoji: row.status_emoji, until: row.status_until ? iso(row.status_until) : null },
  };
}

export function createPostgresUserStore(pool: pg.Pool): UserStore {
  return {
    async createUser({ name, phone, passwordHash }) {
      try {
        return await inTransaction(pool, async (client) => {
          const { rows } = await client.query<UserRow>(
            `INSERT INTO users AS u (name, name_key, phone, password_hash, created_at) VALUES ($1, $2, $3, $4, now()) RETURNING ${userColumns}`,
            [name, foldCase(name), phone, passwordHash],
          );
          const user = toUser(rows[0]!);
          await client.query('INSERT INTO user_name_words (word, user_id) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING', [nameWords(name), user.id]);
          return user;
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') {
          throw new ParleyError('phone_taken', 'An account with this phone number already exists.', [{ field: 'phone', message: 'is already registered' }]);
        }
        throw error;
      }
    },
    async findUserByPhone(phone) {
      const { rows } = await pool.query<UserRow>(`SELECT ${userColumns} FROM users u WHERE u.phone = $1`, [phone]);
      return rows[0] ? toUser(rows[0]) : null;
    },
    async findUserById(id) {
      const { rows } = await pool.query<UserRow>(`SELECT ${userColumns} FROM users u WHERE u.id = $1`, [id]);
      return rows[0] ? toUser(rows[0]) : null;
    },
    async findUsersByPhones(phones) {
      const { rows } = await pool.query<UserRow>(`SELECT ${userColumns} FROM users u WHERE u.phone = ANY($1::text[])`, [phones]);
      const byPhone = new Map(rows.map((r) => [r.phone, r]));
      return phones.map((p) => byPhone.get(p)).filter((r): r is UserRow => r !== undefined).map(toUser);
    },
    async findUsersByIds(ids) {
      const { rows } = await pool.query<UserRow>(`SELECT ${userColumns} FROM users u WHERE u.id = ANY($1::int[])`, [ids]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id)).filter((r): r is UserRow => r !== undefined).map(toUser);
    },
    async findUsersFor(callerId, query, limit) {
      const found = new Map<number, FoundUserRecord>();
      if (query.exactPhone !== undefined) {
        const { rows } = await pool.query<UserRow & { co: boolean }>(`SELECT ${userColumns}, ${coMember} AS co FROM users u WHERE u.phone = $1`, [query.exactPhone, callerId]);
        if (rows[0]) found.set(rows[0].id, { user: toUser(rows[0]), coMember: rows[0].co });
      }
      let rows: UserRow[];
      if (query.phonePrefix !== undefined) {
        const { low, high } = prefixRange(query.phonePrefix);
        rows = (await pool.query<UserRow>(postgresUserSearch.byPhonePrefix, [low, callerId, high, userSearchScanMax, limit])).rows;
      } else if (query.nameWord !== undefined) {
        const { low, high } = prefixRange(query.nameWord);
        rows = (await pool.query<UserRow>(postgresUserSearch.byNameWord, [low, callerId, high, userSearchScanMax, limit, containsPattern(query.nameContains ?? '')])).rows;
      } else {
        rows = (await pool.query<UserRow>(postgresUserSearch.coMembers, [null, callerId, null, userSearchScanMax, limit])).rows;
      }
      for (const row of rows) if (!found.has(row.id)) found.set(row.id, { user: toUser(row), coMember: true });
      return [...found.values()].sort(byName).slice(0, limit);
    },
    async coMembersPage(callerId, after, limit) {
      const { rows } = await pool.query<UserRow & { name_key: string }>(
        `SELECT ${userColumns}, u.name_key FROM users u
         WHERE u.id IN (SELECT b.user_id FROM memberships a JOIN memberships b ON b.room_id = a.room_id WHERE a.user_id = $1 AND b.user_id <> $1)
           AND ((u.name_key COLLATE "C") > $2 OR ((u.name_key COLLATE "C") = $2 AND u.id > $3))
         ORDER BY (u.name_key COLLATE "C"), u.id LIMIT $4`,
        [callerId, after?.nameKey ?? '', after?.id ?? 0, limit],
      );
      return rows.map((row) => ({ user: toUser(row), nameKey: row.name_key }));
    },
    async findRoomMembers(roomId, query, limit) {
      const range = query.phonePrefix !== undefined ? prefixRange(query.phonePrefix) : { low: null, high: null };
      const { rows } = await pool.query<UserRow>(
        `SELECT ${userColumns} FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.room_id = $1 AND ($2::text IS NULL OR ((u.phone COLLATE "C") >= $2 AND (u.phone COLLATE "C") < $3)) AND u.name_key LIKE $4
         ORDER BY u.name_key, u.id LIMIT $5`,
        [roomId, range.low, range.high, containsPattern(query.nameContains ?? ''), limit],
      );
      return rows.map(toUser);
    },
    async setPasswordHash(userId, passwordHash) {
      await pool.query('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, userId]);
    },
    async setReadReceipts(userId, on) {
      await pool.query('UPDATE users SET read_receipts = $1 WHERE id = $2', [on, userId]);
    },
    async setStatus(userId, { status, text, emoji, until }) {
      await pool.query('UPDATE users SET status = $1, status_text = $2, status_emoji = $3, status_until = $4 WHERE id = $5', [status, text, emoji, until, userId]);
    },
  };
}

function byName(a: FoundUserRecord, b: FoundUserRecord): number {
  const [x, y] = [foldCase(a.user.name), foldCase(b.user.name)];
  return x < y ? -1 : x > y ? 1 : a.user.id - b.user.id;
}

// Whether u shares a room with the caller ($2): walks u's memberships (memberships_by_user) and
// looks each room up for the caller (the primary key): u's room count, never a scan.
const coMember = `(u.id = $2 OR EXISTS (SELECT 1 FROM memberships b JOIN memberships a ON a.room_id = b.room_id AND a.user_id = $2 WHERE b.user_id = u.id))`;

/**
 * The user search's queries ($1 low, $2 caller, $3 high, $4 scan, $5 limit, $6 contains),
 * exported so that a test can show their plans: candidates come from an index range
 * (users_by_phone_prefix, user_name_words' key), at most $4 of them, and only then are they
 * filtered to the caller's co-members. Every comparison is in the "C" collation of the indexes.
 */
export const postgresUserSearch = {
  byPhonePrefix: `SELECT ${userColumns} FROM (SELECT id FROM users WHERE (phone COLLATE "C") >= $1 AND (phone COLLATE "C") < $3 ORDER BY (phone COLLATE "C") LIMIT $4) c JOIN users u ON u.id = c.id WHERE ${coMember} ORDER BY u.name_key, u.id LIMIT $5`,
  byNameWord: `SELECT ${userColumns} FROM (SELECT DISTINCT user_id FROM (SELECT user_id FROM user_name_words WHERE word >= $1 AND word < $3 ORDER BY word LIMIT $4) w) c JOIN users u ON u.id = c.user_id WHERE u.name_key LIKE $6 AND ${coMember} ORDER BY u.name_key, u.id LIMIT $5`,
  coMembers: `SELECT ${userColumns} FROM users u WHERE $1::text IS NULL AND $3::text IS NULL AND u.id IN (SELECT $2::int UNION ALL (SELECT b.user_id FROM memberships a JOIN memberships b ON b.room_id = a.room_id WHERE a.user_id = $2 LIMIT $4)) ORDER BY u.name_key, u.id LIMIT $5`,
};
