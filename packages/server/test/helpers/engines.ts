import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe } from 'vitest';
import { useServer, type TestServer, type TestServerOptions } from './server.js';
import { testServices } from './services.js';

/** A storage engine a test can run on: SQLite always, PostgreSQL when its URL is set. */
export interface Engine {
  name: 'SQLite' | 'PostgreSQL';
  /** Why the engine cannot run here, or null. */
  skipReason: string | null;
}

const { databaseUrl, skipReason } = testServices();

export const engines: Engine[] = [
  { name: 'SQLite', skipReason: null },
  { name: 'PostgreSQL', skipReason: databaseUrl ? null : skipReason },
];

/**
 * `describe(title, body)` once per engine, each with its own server (a fresh PostgreSQL schema,
 * dropped afterwards). An engine that cannot run is skipped, saying why.
 */
export function describeOnEngines(title: string, options: TestServerOptions, body: (server: TestServer, engine: Engine, postgres: { databaseUrl: string; schema: string } | null) => void): void {
  for (const engine of engines) {
    describe.skipIf(engine.skipReason !== null)(`${title} (${engine.name}${engine.skipReason ? `, skipped: ${engine.skipReason}` : ''})`, () => {
      let engineOptions: TestServerOptions = {};
      let postgres: { databaseUrl: string; schema: string } | null = null;
      if (engine.name === 'PostgreSQL' && databaseUrl) {
        const schema = `parley_test_${randomBytes(6).toString('hex')}`;
        engineOptions = { databaseUrl, databaseSchema: schema };
        postgres = { databaseUrl, schema };
        // Registered before the server's own hooks, so that it runs after the server has closed.
        afterAll(async () => {
          const client = new pg.Client({ connectionString: databaseUrl });
          await client.connect();
          try {
            await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          } finally {
            await client.end();
          }
        });
      }
      body(useServer({ ...options, ...engineOptions }), engine, postgres);
    });
  }
}
