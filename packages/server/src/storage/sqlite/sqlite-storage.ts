import { createSqliteSearchStore } from './sqlite-search.js';
import { defaultCommitRules, type CommitRules } from '../../chat/events/apply-command.js';
import type { StoreMetrics } from '../../metrics/metrics.js';
import type { Storage } from '../storage.js';
import { openDatabase, type OpenOptions } from './open-database.js';
import { createSqliteConsentStore } from './sqlite-consent.js';
import { createSqliteEventStore } from './sqlite-events.js';
import { createSqliteRoomStore } from './sqlite-rooms.js';
import { createSqliteSessionStore } from './sqlite-sessions.js';
import { createSqliteUploadStore } from './sqlite-uploads.js';
import { createSqliteUserStore } from './sqlite-users.js';

export interface SqliteStorageOptions extends OpenOptions {
  /** Rules the commit applies that depend on server options (the edit window). */
  rules?: CommitRules;
  metrics?: StoreMetrics;
}

/** The embedded default: one SQLite file, `<dataDir>/parley.db`, in WAL mode. */
export function createSqliteStorage(options: SqliteStorageOptions): Storage {
  const { db, path } = openDatabase(options);
  const events = createSqliteEventStore(db, options.rules ?? defaultCommitRules, options.metrics);
  return {
    users: createSqliteUserStore(db),
    sessions: createSqliteSessionStore(db),
    rooms: createSqliteRoomStore(db),
    events,
    consent: createSqliteConsentStore(db),
    uploads: createSqliteUploadStore(db),
    search: createSqliteSearchStore(db),
    location: `SQLite ${path}`,
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      // Let queued commits finish before the file is closed.
      await new Promise((resolve) => setImmediate(resolve));
      await events.drain();
      db.close();
    },
  };
}
