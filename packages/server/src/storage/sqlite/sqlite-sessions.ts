import type { SessionStore } from '../storage.js';
import type { SqliteDatabase } from './open-database.js';
import { toUser, userColumns } from './sqlite-users.js';

export function createSqliteSessionStore(db: SqliteDatabase): SessionStore {
  const insert = db.prepare('INSERT INTO sessions (token_hash, user_id, created_at) VALUES (?, ?, ?)');
  const find = db.prepare(`SELECT ${userColumns} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`);
  const remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  return {
    async createSession(tokenHash, userId) {
      insert.run(tokenHash, userId, new Date().toISOString());
    },
    async findSessionUser(tokenHash) {
      const row = find.get(tokenHash) as Parameters<typeof toUser>[0] | undefined;
      return row ? toUser(row) : null;
    },
    async deleteSession(tokenHash) {
      remove.run(tokenHash);
    },
  };
}
