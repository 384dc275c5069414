import { migrations as postgresMigrations } from '../storage/postgres/schema.js';
import { migrations as sqliteMigrations } from '../storage/sqlite/schema.js';
import { parleyVersion } from '../version.js';
import { say, type Command } from './command.js';


export const versionCommand: Command = {
  name: 'version',
  summary: 'print the version and the database schema versions it reads and writes (also --version)',
  async run() {
    say(`parley ${parleyVersion()} (database schema: SQLite ${sqliteMigrations.length}, PostgreSQL ${postgresMigrations.length})`);
    return 0;
  },
};
