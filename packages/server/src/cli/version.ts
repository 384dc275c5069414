import { readFileSync } from 'node:fs';
import { migrations as postgresMigrations } from '../storage/postgres/schema.js';
import { migrations as sqliteMigrations } from '../storage/sqlite/schema.js';
import { say, type Command } from './command.js';

/** This package's version, from its package.json (beside src/ and dist/ alike). */
export function parleyVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

export const versionCommand: Command = {
  name: 'version',
  summary: 'print the version and the database schema versions it reads and writes (also --version)',
  async run() {
    say(`parley ${parleyVersion()} (database schema: SQLite ${sqliteMigrations.length}, PostgreSQL ${postgresMigrations.length})`);
    return 0;
  },
};
