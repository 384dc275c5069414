import { ParleyError } from '@parley/protocol';
import type { UserRecord, UserStore } from '../storage.js';
import { containsPattern, foldCase } from '../like.js';
import type { SqliteDatabase } from './open-database.js';

interface UserRow {
  id: number;
  name: string;
  phone: string;
  password_hash: string;
  created_at: string;
}

export function toUser(row: UserRow): UserRecord {
  return { id: row.id, name: row.name, phone: row.phone, passwordHash: row.password_hash, createdAt: row.created_at };
}

export const userColumns = 'u.id, u.name, u.phone, u.password_hash, u.created_at';

export function createSqliteUserStore(db: SqliteDatabase): UserStore {
  const insert = db.prepare('INSERT INTO users (name, name_key, phone, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
  const byPhone = db.prepare<[string], UserRow>(`SELECT ${userColumns} FROM users u WHERE u.phone = ?`);
  const byId = db.prepare<[number], UserRow>(`SELECT ${userColumns} FROM users u WHERE u.id = ?`);
  const search = db.prepare<[string, string, number], UserRow>(
    `SELECT ${userColumns} FROM users u WHERE u.name_key LIKE ? ESCAPE '\\' OR u.phone LIKE ? ESCAPE '\\' ORDER BY u.name_key, u.id LIMIT ?`,
  );
  const setPassword = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?');
  const searchByName = db.prepare<[string, number], UserRow>(
    `SELECT ${userColumns} FROM users u WHERE u.name_key LIKE ? ESCAPE '\\' ORDER BY u.name_key, u.id LIMIT ?`,
  );

  return {
    async createUser({ name, phone, passwordHash }) {
      const createdAt = new Date().toISOString();
      try {
        const { lastInsertRowid } = insert.run(name, foldCase(name), phone, passwordHash, createdAt);
        return { id: Number(lastInsertRowid), name, phone, passwordHash, createdAt };
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
    async searchUsers(q, limit) {
      const digits = q.replace(/[\s+-]/g, '');
      const rows = /^\d+$/.test(digits)
        ? search.all(containsPattern(foldCase(q.trim())), containsPattern(digits), limit)
        : searchByName.all(containsPattern(foldCase(q.trim())), limit);
      return rows.map(toUser);
    },
    async setPasswordHash(userId, passwordHash) {
      setPassword.run(passwordHash, userId);
    },
  };
}
