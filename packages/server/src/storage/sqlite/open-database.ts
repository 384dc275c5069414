import Database from 'better-sqlite3';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '../../log.js';
import { describeMigration } from '../describe-migration.js';
import { assignSkeletons, type UnkeyedRoom } from '../room-skeletons.js';
import { migrations } from './schema.js';

export type SqliteDatabase = Database.Database;

/** The database's file name in the data dir (backups copy it, and leave out its -wal and -shm). */
export const databaseFileName = 'parley.db';

/** Thrown when the data directory cannot be used; its message is one sentence for the operator. */
export class DataDirError extends Error {}

export interface OpenOptions {
  /** Directory for parley.db; created if missing. */
  dataDir: string;
  /**
   * SQLite `synchronous` mode. FULL (default): an acknowledged message survives a power loss, as
   * the WAL is fsynced at every commit. NORMAL survives a process crash but not a power loss.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** Hears of each migration run at start-up (one info line each). */
  log?: Logger;
}

export function openDatabase(options: OpenOptions): { db: SqliteDatabase; path: string } {
  const dir = resolve(options.dataDir);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new DataDirError(`Cannot use data directory ${dir}: ${describeFsError(error)}.`);
  }
  const path = join(dir, databaseFileName);
  let db: SqliteDatabase;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
  } catch (error) {
    throw new DataDirError(`Cannot open database ${path}: ${(error as Error).message}.`);
  }
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, options.log);
  return { db, path };
}

function migrate(db: SqliteDatabase, log: Logger | undefined): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new DataDirError(`The database ${db.name} was written by a newer Parley (schema version ${current}; this one knows up to ${migrations.length}): run that version or a later one, never an older one on it.`);
  }
  if (current === migrations.length) return backfillRoomSkeletons(db);
  // Rebuilding a table (the way SQLite changes a column or a key) needs foreign keys off while
  // the old table is dropped; they are checked once the new schema stands, before it commits.
  db.pragma('foreign_keys = OFF');
  try {
    for (let version = current; version < migrations.length; version++) {
      const started = performance.now();
      db.transaction(() => {
        db.exec(migrations[version]!);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new DataDirError(`Migration ${version + 1} left ${broken.length} rows pointing at nothing; the database was not changed.`);
        db.pragma(`user_version = ${version + 1}`);
      })();
      log?.info(`SQLite migration ${version + 1} of ${migrations.length}: ${describeMigration(migrations[version]!)} (${Math.round(performance.now() - started)} ms)`);
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
  backfillRoomSkeletons(db);
}

/** Gives rooms stored before the skeleton column theirs (see room-skeletons.ts); a no-op after the first start. */
function backfillRoomSkeletons(db: SqliteDatabase): void {
  db.transaction(() => {
    const unkeyed = db.prepare<[], UnkeyedRoom>('SELECT id, name FROM rooms WHERE name_skeleton IS NULL').all();
    if (unkeyed.length === 0) return;
    const taken = db.prepare<[], { s: string }>('SELECT name_skeleton AS s FROM rooms WHERE name_skeleton IS NOT NULL').all().map((r) => r.s);
    const update = db.prepare('UPDATE rooms SET name_skeleton = ? WHERE id = ?');
    for (const { id, skeleton } of assignSkeletons(unkeyed, taken)) update.run(skeleton, id);
  })();
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return (error as Error).message;
  }
}
