import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import type { TestServerOptions } from './server.js';
import { testServices } from './services.js';

export interface Engine {
  name: 'SQLite' | 'PostgreSQL';
  /** Server options that select it; PostgreSQL gets a schema of its own, dropped after the file. */
  options: TestServerOptions;
}

/**
 * The storage engines a test runs against: SQLite always, PostgreSQL when PARLEY_TEST_DATABASE_URL
 * is set (under CI=true it must be). Use with describe.each(engines()).
 */
export function engines(): Engine[] {
  const { databaseUrl } = testServices();
  const list: Engine[] = [{ name: 'SQLite', options: {} }];
  if (!databaseUrl) return list;
  const schema = `parley_test_${randomBytes(6).toString('hex')}`;
  afterAll(async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });
  list.push({ name: 'PostgreSQL', options: { databaseUrl, databaseSchema: schema } });
  return list;
}
