import { BackupError } from '../backup/manifest.js';
import { restoreBackup } from '../backup/restore-backup.js';
import { optionsUsage } from '../config/options.js';
import { complain, say, type Command } from './command.js';
import { loadCommandConfig } from './load-command-config.js';

const usage = `Usage: parley restore <file> [options]

Restores a backup made by parley backup into the data dir (--data-dir, or as configured), which
must be empty or not exist yet. Every file is checked against the backup's manifest first.

Options:
${optionsUsage()}`;

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'restore <file>: restore a backup into an empty data dir',
  async run(argv) {
    const loaded = loadCommandConfig(argv, usage, { positionals: 1 });
    if (typeof loaded === 'number') return loaded;
    const [file] = loaded.positionals;
    if (!file) {
      complain('Name the backup to restore: parley restore <file> --data-dir <empty dir>.');
      return 2;
    }
    if (loaded.config.databaseUrl) {
      complain('Parley is set to use PostgreSQL: restore it with pg_restore (see docs/backup.md); parley restore fills an SQLite data dir.');
      return 1;
    }
    try {
      const done = await restoreBackup({ file, dataDir: loaded.config.dataDir });
      say(`Restored the backup of ${done.createdAt} (schema ${done.schemaVersion}, ${done.files} other file${done.files === 1 ? '' : 's'}) into ${done.dataDir}; start Parley with --data-dir ${done.dataDir}.`);
      return 0;
    } catch (error) {
      if (!(error instanceof BackupError)) throw error;
      complain(error.message);
      return 1;
    }
  },
};
