import { BackupError, size } from '../backup/manifest.js';
import { createBackup } from '../backup/create-backup.js';
import { optionsUsage } from '../config/options.js';
import { complain, say, type Command } from './command.js';
import { loadCommandConfig } from './load-command-config.js';

const usage = `Usage: parley backup <file> [options]

Writes a consistent copy of the SQLite database and every other file of the data dir (uploads)
to <file>, a gzipped tar, while the server keeps running. Reads the same options as the server
(--data-dir, --config, the environment). For PostgreSQL use pg_dump (docs/backup.md).

Options:
${optionsUsage()}`;

export const backupCommand: Command = {
  name: 'backup',
  summary: 'backup <file>: copy the database and uploaded files while the server runs',
  async run(argv) {
    const loaded = loadCommandConfig(argv, usage, { positionals: 1 });
    if (typeof loaded === 'number') return loaded;
    const [file] = loaded.positionals;
    if (!file) {
      complain('Name the backup file: parley backup <file>, e.g. parley backup parley-$(date +%F).tar.gz.');
      return 2;
    }
    if (loaded.config.databaseUrl) {
      complain('Parley is set to use PostgreSQL: back it up with pg_dump (see docs/backup.md); parley backup copies the SQLite data dir.');
      return 1;
    }
    const started = performance.now();
    try {
      const done = await createBackup({ dataDir: loaded.config.dataDir, file });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      say(`Backed up the database (schema ${done.schemaVersion}, ${size(done.databaseBytes)}) and ${done.files} other file${done.files === 1 ? '' : 's'} (${size(done.fileBytes)}) to ${done.file} in ${seconds} s.`);
      if (done.skipped.length > 0) say(`Left out what is neither a file nor a folder: ${done.skipped.join(', ')}.`);
      return 0;
    } catch (error) {
      if (!(error instanceof BackupError)) throw error;
      complain(error.message);
      return 1;
    }
  },
};
