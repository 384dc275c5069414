import { createPostgresSearchStore } from './postgres-search.js';
import { defaultCommitRules, type CommitRules } from '../../chat/events/apply-command.js';
import type { StoreMetrics } from '../../metrics/metrics.js';
import type { Storage } from '../storage.js';
import { mapDatabaseError, openPool, redact, type PostgresOptions } from './open-pool.js';
import { createPostgresConsentStore } from './postgres-consent.js';
import { createPostgresUploadStore } from './postgres-uploads.js';
import { createPostgresEventStore } from './postgres-events.js';
import { createPostgresRoomStore } from './postgres-rooms.js';
import { createPostgresSessionStore } from './postgres-sessions.js';
import { createPostgresUserStore } from './postgres-users.js';

export interface PostgresStorageOptions extends PostgresOptions {
  /** Rules the commit applies that depend on server options (the edit window). */
  rules?: CommitRules;
  metrics?: StoreMetrics;
}

/** Wraps each method so that an unreachable database surfaces as `unavailable`. */
function mapped<T extends object>(store: T): T {
  const wrapped = {} as Record<string, unknown>;
  for (const [name, fn] of Object.entries(store)) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        throw mapDatabaseError(error);
      }
    };
  }
  return wrapped as T;
}

/** Storage on PostgreSQL, for several nodes sharing one database. */
export async function createPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  const pool = await openPool(options);
  const events = createPostgresEventStore(pool, options.rules ?? defaultCommitRules, mapDatabaseError, options.metrics);
  return {
    users: mapped(createPostgresUserStore(pool)),
    sessions: mapped(createPostgresSessionStore(pool)),
    rooms: mapped(createPostgresRoomStore(pool)),
    events: mapped(events),
    consent: mapped(createPostgresConsentStore(pool)),
    uploads: mapped(createPostgresUploadStore(pool)),
    search: mapped(createPostgresSearchStore(pool)),
    location: `PostgreSQL ${redact(options.url)}${options.schema ? ` (schema ${options.schema})` : ''}`,
    async ping() {
      try {
        await pool.query('SELECT 1');
      } catch (error) {
        throw mapDatabaseError(error);
      }
    },
    async close() {
      // Let queued commits finish before the pool ends.
      await new Promise((resolve) => setImmediate(resolve));
      await events.drain();
      await pool.end();
    },
  };
}
