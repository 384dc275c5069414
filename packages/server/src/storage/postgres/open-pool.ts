import pg from 'pg';
import { ParleyError } from '@parley/protocol';
import type { Logger } from '../../log.js';
import { describeMigration } from '../describe-migration.js';
import { assignSkeletons, type UnkeyedRoom } from '../room-skeletons.js';
import { migrations } from './schema.js';

export interface PostgresOptions {
  /** postgres://user:pass@host:port/db */
  url: string;
  /** Schema for Parley's tables (default `public`); tests use one per run. */
  schema?: string;
  /** Pool size (default 10). */
  maxConnections?: number;
  /** Hears of each migration run at start-up (one info line each). */
  log?: Logger;
}

/** Thrown when PostgreSQL cannot be used at start-up; its message is one sentence for the operator. */
export class DatabaseUnavailableError extends Error {}

const schemaName = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openPool(options: PostgresOptions): Promise<pg.Pool> {
  const schema = options.schema ?? 'public';
  if (!schemaName.test(schema)) throw new DatabaseUnavailableError(`Invalid schema name "${schema}": use lower-case letters, digits and _.`);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: 5000,
  });
  // An idle client losing its connection (a database restart) must not crash the process.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    try {
      await migrate(client, schema, options.log);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    if (error instanceof DatabaseUnavailableError) throw error;
    throw new DatabaseUnavailableError(`Cannot use PostgreSQL at ${redact(options.url)}: ${(error as Error).message}.`);
  }
  return pool;
}

async function migrate(client: pg.PoolClient, schema: string, log: Logger | undefined): Promise<void> {
  await client.query('BEGIN');
  try {
    // One node at a time: the others wait here, then find the work done.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('parley-migrations'))");
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('CREATE TABLE IF NOT EXISTS parley_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM parley_migrations');
    const current = rows[0]?.version ?? 0;
    if (current > migrations.length) {
      throw new DatabaseUnavailableError(`The tables in PostgreSQL schema ${schema} were written by a newer Parley (schema version ${current}; this one knows up to ${migrations.length}): run that version or a later one, never an older one on them.`);
    }
    for (let version = current; version < migrations.length; version++) {
      const started = performance.now();
      await client.query(migrations[version]!);
      await client.query('INSERT INTO parley_migrations (version) VALUES ($1)', [version + 1]);
      log?.info(`PostgreSQL migration ${version + 1} of ${migrations.length}: ${describeMigration(migrations[version]!)} (${Math.round(performance.now() - started)} ms)`);
    }
    await backfillRoomSkeletons(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** A URL fit for a log line: the password replaced. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

// Class 08 is connection exceptions; 57P0x are shutdowns; 53300 too many connections.
const unavailableCodes = /^(08|57P0|53300)/;

/**
 * Storage failures in the registry's terms: a database that cannot be reached is `unavailable`
 * (retryable: nothing was acknowledged); anything else passes through to be logged as internal.
 */
export function mapDatabaseError(error: unknown): unknown {
  if (error instanceof ParleyError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? '';
  if (unavailableCodes.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code) || /Connection terminated|timeout exceeded|Client has encountered a connection error/i.test(message)) {
    return new ParleyError('unavailable', 'The database is unreachable; try again shortly.');
  }
  return error;
}

/** Runs `fn` in a transaction on one pooled connection. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client that loses its connection emits 'error' besides failing the query.
  let broken: Error | undefined;
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.off('error', onError);
    // A broken connection is destroyed, not handed to the next caller.
    client.release(broken);
  }
}

export const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());

/** Gives rooms stored before the skeleton column theirs (see room-skeletons.ts), under the migration lock; a no-op after the first start. */
async function backfillRoomSkeletons(client: pg.PoolClient): Promise<void> {
  const { rows: unkeyed } = await client.query<UnkeyedRoom>('SELECT id, name FROM rooms WHERE name_skeleton IS NULL');
  if (unkeyed.length === 0) return;
  const { rows: taken } = await client.query<{ s: string }>('SELECT name_skeleton AS s FROM rooms WHERE name_skeleton IS NOT NULL');
  const assigned = assignSkeletons(unkeyed, taken.map((r) => r.s));
  await client.query('UPDATE rooms r SET name_skeleton = a.skeleton FROM unnest($1::int[], $2::text[]) AS a(id, skeleton) WHERE r.id = a.id', [assigned.map((a) => a.id), assigned.map((a) => a.skeleton)]);
}
