import type { StoreMetrics } from '../../metrics/metrics.js';
import type { Storage } from '../storage.js';
import { openDatabase, type OpenOptions } from './open-database.js';
import { createSqliteMessageStore } from './sqlite-messages.js';
import { createSqliteRoomStore } from './sqlite-rooms.js';
import { createSqliteSessionStore } from './sqlite-sessions.js';
import { createSqliteUserStore } from './sqlite-users.js';

export type SqliteStorageOptions = OpenOptions & { metrics?: StoreMetrics };

/** The embedded default: one SQLite file, `<dataDir>/parley.db`, in WAL mode. */
export function createSqliteStorage(options: SqliteStorageOptions): Storage {
  const { db, path } = openDatabase(options);
  const messages = createSqliteMessageStore(db, options.metrics);
  return {
    users: createSqliteUserStore(db),
    sessions: createSqliteSessionStore(db),
    rooms: createSqliteRoomStore(db),
    messages,
    location: `SQLite ${path}`,
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      // Let queued appends commit before the file is closed.
      await new Promise((resolve) => setImmediate(resolve));
      db.close();
    },
  };
}
