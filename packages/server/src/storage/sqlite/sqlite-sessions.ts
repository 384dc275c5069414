import type { SessionRecord, SessionStore } from '../storage.js';
import type { SqliteDatabase } from './open-database.js';
import { toUser, userColumns } from './sqlite-users.js';

type SessionRow = Parameters<typeof toUser>[0] & { session_created_at: string; last_seen_at: string };

export function createSqliteSessionStore(db: SqliteDatabase): SessionStore {
  const insert = db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)');
  const find = db.prepare<[string], SessionRow>(
    `SELECT ${userColumns}, s.created_at AS session_created_at, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
  );
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const removeUser = db.prepare<[number], { token_hash: string }>('DELETE FROM sessions WHERE user_id = ? RETURNING token_hash');
  return {
    async createSession(tokenHash, userId) {
      const now = new Date().toISOString();
      insert.run(tokenHash, userId, now, now);
    },
    async findSession(tokenHash): Promise<SessionRecord | null> {
      const row = find.get(tokenHash);
      return row ? { user: toUser(row), createdAt: row.session_created_at, lastSeenAt: row.last_seen_at } : null;
    },
    async touchSession(tokenHash, at) {
      touch.run(at, tokenHash);
    },
    async deleteSession(tokenHash) {
      remove.run(tokenHash);
    },
    async deleteUserSessions(userId) {
      return removeUser.all(userId).map((r) => r.token_hash);
    },
  };
}
