import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { exportRoomBody } from '../chat/export.js';
import { optionsUsage } from '../config/options.js';
import { createPostgresStorage } from '../storage/postgres/postgres-storage.js';
import { createSqliteStorage } from '../storage/sqlite/sqlite-storage.js';
import { complain, say, type Command } from './command.js';
import { loadCommandConfig } from './load-command-config.js';

const usage = `Usage: parley export-room <room> <file> [options]

Writes one room, group or private chat to <file> as JSON: its info, its members and every event
as the server holds it (deleted messages without their text). Reads the same options as the
server (--data-dir or --database-url, --config, the environment) and may run while it does.

Options:
${optionsUsage()}`;

export const exportRoomCommand: Command = {
  name: 'export-room',
  summary: 'export-room <room> <file>: write one room and its whole history as JSON',
  async run(argv) {
    const loaded = loadCommandConfig(argv, usage, { positionals: 2 });
    if (typeof loaded === 'number') return loaded;
    const [name, file] = loaded.positionals;
    if (!name || !file) {
      complain('Name the room and the file: parley export-room <room> <file>, e.g. parley export-room General general.json.');
      return 2;
    }
    const { config } = loaded;
    const storage = await (config.databaseUrl
      ? createPostgresStorage({ url: config.databaseUrl, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}) })
      : createSqliteStorage({ dataDir: config.dataDir }));
    try {
      const room = await storage.rooms.findRoomByName(name);
      if (!room) {
        complain(`There is no room named "${name}" in ${storage.location}.`);
        return 1;
      }
      await pipeline(Readable.from(withNewline(exportRoomBody(storage, room, null))), createWriteStream(file));
      say(`Exported "${room.name}" (${room.memberCount} member${room.memberCount === 1 ? '' : 's'}, ${room.lastSeq} event${room.lastSeq === 1 ? '' : 's'}) to ${file}.`);
      return 0;
    } finally {
      await storage.close();
    }
  },
};

async function* withNewline(parts: AsyncGenerator<string>): AsyncGenerator<string> {
  yield* parts;
  yield '\n';
}
