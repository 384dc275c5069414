/**
 * Durable appends per second through each storage engine's group commit, by batch size (how
 * many messages arrive in one event-loop turn). Run: `npx tsx bench/store-throughput.ts`
 * (PostgreSQL too when PARLEY_TEST_DATABASE_URL is set). Needs `npm run build` first.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPostgresStorage } from '../packages/server/dist/storage/postgres/postgres-storage.js';
import { createSqliteStorage } from '../packages/server/dist/storage/sqlite/sqlite-storage.js';
import type { Storage } from '../packages/server/dist/storage/storage.js';
import { roomNameKeys } from '../packages/server/dist/storage/like.js';

const batchSizes = [1, 10, 100, 1000];

async function measure(label: string, storage: Storage, small: number, large: number): Promise<void> {
  const owner = await storage.users.createUser({ name: 'Bench', phone: '100000', passwordHash: 'x' });
  const rooms = [];
  for (let i = 0; i < 10; i++) {
    const name = `bench-${i}`;
    const row = { name, ...roomNameKeys(name), kind: 'room' as const, isPrivate: false, description: '', ownerId: owner.id, createdBy: owner.id, maxParticipants: 10 };
    rooms.push((await storage.events.commit({ type: 'create_room', actorId: owner.id, row, memberIds: [owner.id] })).room);
  }
  for (const perTurn of batchSizes) {
    const total = perTurn === 1 ? small : large;
    const started = performance.now();
    for (let i = 0; i < total; i += perTurn) {
      const turn = [];
      for (let j = 0; j < perTurn; j++) {
        const room = rooms[(i + j) % rooms.length]!;
        turn.push(storage.events.commit({ type: 'message', actorId: owner.id, roomId: room.id, text: 'a message of ordinary length', clientMsgId: `${perTurn}-${i + j}`, replyTo: null, mentions: [] }));
      }
      await Promise.all(turn);
    }
    const perSecond = Math.round(total / ((performance.now() - started) / 1000));
    process.stdout.write(`${label.padEnd(28)} ${String(perTurn).padStart(5)} per turn  ${String(perSecond).padStart(8)} durable messages/s\n`);
  }
  await storage.close();
}

for (const synchronous of ['FULL', 'NORMAL'] as const) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  await measure(`SQLite synchronous=${synchronous}`, createSqliteStorage({ dataDir: dir, synchronous }), 3000, 100_000);
  rmSync(dir, { recursive: true, force: true });
}

const databaseUrl = process.env.PARLEY_TEST_DATABASE_URL;
if (databaseUrl) {
  const schema = `parley_bench_${randomBytes(4).toString('hex')}`;
  await measure('PostgreSQL', await createPostgresStorage({ url: databaseUrl, schema }), 1000, 50_000);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`DROP SCHEMA ${schema} CASCADE`);
  await client.end();
} else {
  process.stdout.write('PostgreSQL                   skipped: PARLEY_TEST_DATABASE_URL not set\n');
}
