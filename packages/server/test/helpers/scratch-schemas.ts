import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';

/**
 * Fresh PostgreSQL schemas (`parley_test_<hex>`) for one test file, dropped after its last test,
 * so that runs and tests never see each other's data. Call at the top of the file.
 */
export function scratchSchemas(databaseUrl: string | undefined): { next(): string } {
  const made: string[] = [];
  afterAll(async () => {
    if (!databaseUrl || made.length === 0) return;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      for (const schema of made) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  });
  return {
    next() {
      const schema = `parley_test_${randomBytes(6).toString('hex')}`;
      made.push(schema);
      return schema;
    },
  };
}
