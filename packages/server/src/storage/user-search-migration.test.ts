import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testServices } from '../../test/helpers/services.js';
import { createPostgresStorage } from './postgres/postgres-storage.js';
import { migrations as postgresMigrations } from './postgres/schema.js';
import { createSqliteStorage } from './sqlite/sqlite-storage.js';
import { migrations as sqliteMigrations } from './sqlite/schema.js';
import type { Storage } from './storage.js';

// A database written before user search had its index of name words opens with every user
// findable by the words of their name, and nothing else changed.
async function expectFindable(storage: Storage): Promise<void> {
  const dan = await storage.users.findUserByPhone('5550002');
  expect(dan).toMatchObject({ name: 'Dan Dalton', passwordHash: 'hash-2' });
  const found = await storage.users.findUsersFor(1, { nameWord: 'dal', nameContains: 'dal' }, 10);
  expect(found.map((f) => [f.user.name, f.coMember])).toEqual([['Dan Dalton', true]]);
  expect((await storage.users.findUsersFor(1, { nameWord: 'fay', nameContains: 'fay' }, 10)).map((f) => f.user.name)).toEqual([]);
  expect((await storage.users.findUsersFor(1, { exactPhone: '5550003', phonePrefix: '5550003' }, 10)).map((f) => [f.user.name, f.coMember])).toEqual([['Fay de la Fisher', false]]);
  // New sign-ups are indexed as they are created.
  await storage.users.createUser({ name: 'Gus  Gable', phone: '5550004', passwordHash: 'hash-4' });
  expect((await storage.users.findUsersFor(4, { nameWord: 'gab', nameContains: 'gab' }, 10)).map((f) => f.user.name)).toEqual(['Gus  Gable']);
}

const people = [
  ['Ann Archer', 'ann archer', '5550001'],
  ['Dan Dalton', 'dan dalton', '5550002'],
  ['Fay de la Fisher', 'fay de la fisher', '5550003'],
];

describe('the name-word index migration', () => {
  it('indexes the users of an SQLite database written by the previous release', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parley-migration-'));
    try {
      const db = new Database(join(dataDir, 'parley.db'));
      for (const migration of sqliteMigrations.slice(0, 2)) db.exec(migration);
      db.pragma('user_version = 2');
      const insert = db.prepare("INSERT INTO users (name, name_key, phone, password_hash, created_at) VALUES (?, ?, ?, ?, '2026-01-01T00:00:00.000Z')");
      people.forEach(([name, key, phone], i) => insert.run(name, key, phone, `hash-${i + 1}`));
      db.exec("INSERT INTO rooms (name, name_key, kind, is_private, max_participants, created_at) VALUES ('Pair', 'pair', 'room', 0, 10, '2026-01-01T00:00:00.000Z')");
      db.exec("INSERT INTO memberships (room_id, user_id, joined_at) VALUES (1, 1, 'x'), (1, 2, 'x')");
      db.close();
      const storage = createSqliteStorage({ dataDir });
      try {
        await expectFindable(storage);
      } finally {
        await storage.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  const { databaseUrl, skipReason } = testServices();
  it.skipIf(!databaseUrl)(`indexes the users of a PostgreSQL database written by the previous release${databaseUrl ? '' : ` (skipped: ${skipReason})`}`, async () => {
    const schema = `parley_test_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
      await client.query(postgresMigrations[0]!);
      await client.query('CREATE TABLE parley_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now()); INSERT INTO parley_migrations (version) VALUES (1)');
      for (const [i, [name, key, phone]] of people.entries()) {
        await client.query('INSERT INTO users (name, name_key, phone, password_hash, created_at) VALUES ($1, $2, $3, $4, now())', [name, key, phone, `hash-${i + 1}`]);
      }
      await client.query("INSERT INTO rooms (name, name_key, kind, is_private, max_participants, created_at) VALUES ('Pair', 'pair', 'room', false, 10, now())");
      await client.query('INSERT INTO memberships (room_id, user_id, joined_at) VALUES (1, 1, now()), (1, 2, now())');
      const storage = await createPostgresStorage({ url: databaseUrl!, schema });
      try {
        await expectFindable(storage);
      } finally {
        await storage.close();
      }
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });
});
