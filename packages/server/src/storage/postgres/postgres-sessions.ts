import type pg from 'pg';
import type { SessionStore } from '../storage.js';
import { iso } from './open-pool.js';
import { toUser, userColumns } from './postgres-users.js';

type SessionRow = Parameters<typeof toUser>[0] & { session_created_at: Date; last_seen_at: Date };

export function createPostgresSessionStore(pool: pg.Pool): SessionStore {
  return {
    async createSession(tokenHash, userId) {
      await pool.query('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, now(), now())', [tokenHash, userId]);
    },
    async findSession(tokenHash) {
      const { rows } = await pool.query<SessionRow>(
        `SELECT ${userColumns}, s.created_at AS session_created_at, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
        [tokenHash],
      );
      const row = rows[0];
      return row ? { user: toUser(row), createdAt: iso(row.session_created_at), lastSeenAt: iso(row.last_seen_at) } : null;
    },
    async touchSession(tokenHash, at) {
      await pool.query('UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2', [at, tokenHash]);
    },
    async deleteSession(tokenHash) {
      await pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
    async deleteUserSessions(userId) {
      const { rows } = await pool.query<{ token_hash: string }>('DELETE FROM sessions WHERE user_id = $1 RETURNING token_hash', [userId]);
      return rows.map((r) => r.token_hash);
    },
  };
}
