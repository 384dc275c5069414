import { ParleyError } from '@parley/protocol';
import type pg from 'pg';
import type { UserRecord, UserStore } from '../storage.js';
import { containsPattern, foldCase } from '../like.js';
import { iso } from './open-pool.js';

interface UserRow {
  id: number;
  name: string;
  phone: string;
  password_hash: string;
  created_at: Date;
}

export const userColumns = 'u.id, u.name, u.phone, u.password_hash, u.created_at';

export function toUser(row: UserRow): UserRecord {
  return { id: row.id, name: row.name, phone: row.phone, passwordHash: row.password_hash, createdAt: iso(row.created_at) };
}

export function createPostgresUserStore(pool: pg.Pool): UserStore {
  return {
    async createUser({ name, phone, passwordHash }) {
      try {
        const { rows } = await pool.query<UserRow>(
          `INSERT INTO users AS u (name, name_key, phone, password_hash, created_at) VALUES ($1, $2, $3, $4, now()) RETURNING ${userColumns}`,
          [name, foldCase(name), phone, passwordHash],
        );
        return toUser(rows[0]!);
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
    async searchUsers(q, limit) {
      const digits = q.replace(/[\s+-]/g, '');
      const name = containsPattern(foldCase(q.trim()));
      const { rows } = /^\d+$/.test(digits)
        ? await pool.query<UserRow>(`SELECT ${userColumns} FROM users u WHERE u.name_key LIKE $1 OR u.phone LIKE $2 ORDER BY u.name_key, u.id LIMIT $3`, [name, containsPattern(digits), limit])
        : await pool.query<UserRow>(`SELECT ${userColumns} FROM users u WHERE u.name_key LIKE $1 ORDER BY u.name_key, u.id LIMIT $2`, [name, limit]);
      return rows.map(toUser);
    },
    async setPasswordHash(userId, passwordHash) {
      await pool.query('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, userId]);
    },
  };
}
