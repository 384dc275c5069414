import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/app.js';
import { hashToken } from '../../src/auth/tokens.js';
import { migrations } from '../../src/storage/postgres/schema.js';
import { createPostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { builders } from '../../src/storage/contract/builders.js';
import { scratchSchemas } from '../helpers/scratch-schemas.js';
import { testServices } from '../helpers/services.js';
import { expectedFrame, oldEntries, oldMemberships, oldRooms, oldSessions, oldUsers } from './previous-release.js';

const { databaseUrl, skipReason } = testServices();
/** Version of the schema the previous release (before room events) wrote. */
const previousVersion = 1;
const schemas = scratchSchemas(databaseUrl);

/** A database as the previous release left it: its migrations only, its rows in its own shape. */
async function previousDatabase(): Promise<string> {
  const schema = schemas.next();
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query('CREATE TABLE parley_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    for (const [i, migration] of migrations.slice(0, previousVersion).entries()) {
      await client.query(migration);
      await client.query('INSERT INTO parley_migrations (version) VALUES ($1)', [i + 1]);
    }
    for (const u of oldUsers) await client.query('INSERT INTO users (id, name, name_key, phone, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, now())', [u.id, u.name, u.name.toLowerCase(), u.phone, 'old-hash']);
    for (const r of oldRooms) {
      await client.query('INSERT INTO rooms (id, name, name_key, kind, is_private, description, owner_id, max_participants, created_at, last_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
        r.id, r.name, r.key, r.kind, r.isPrivate, '', r.ownerId, r.max, r.createdAt, r.lastSeq,
      ]);
    }
    // The previous release's rooms took ids 1–4 from the sequence (room 2 since deleted).
    await client.query("SELECT setval(pg_get_serial_sequence('rooms', 'id'), 4)");
    await client.query("SELECT setval(pg_get_serial_sequence('users', 'id'), 3)");
    for (const m of oldMemberships) await client.query('INSERT INTO memberships (room_id, user_id, joined_at, last_read_seq) VALUES ($1, $2, $3, $4)', [m.roomId, m.userId, m.joinedAt, m.lastReadSeq]);
    for (const e of oldEntries) {
      await client.query('INSERT INTO entries (room_id, seq, kind, sender_id, text, client_msg_id, ts, members) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        e.roomId, e.seq, e.kind, e.senderId, e.text, e.clientMsgId, e.ts, e.members ? JSON.stringify(e.members) : null,
      ]);
    }
    for (const s of oldSessions) await client.query('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4)', [s.tokenHash, s.userId, s.createdAt, s.lastSeenAt]);
  } finally {
    await client.end();
  }
  return schema;
}

describe.skipIf(!databaseUrl)('a PostgreSQL database written by the previous release', () => {
  it('opens with every user, session, room, membership, read marker and entry intact, and serves the entries as before', async () => {
    const schema = await previousDatabase();
    const storage = await createPostgresStorage({ url: databaseUrl!, schema });
    for (const u of oldUsers) expect(await storage.users.findUserByPhone(u.phone)).toMatchObject({ id: u.id, name: u.name, passwordHash: 'old-hash' });
    expect((await storage.sessions.findSession('old-token-hash'))?.user.id).toBe(1);
    for (const r of oldRooms) {
      const members = oldMemberships.filter((m) => m.roomId === r.id);
      expect(await storage.rooms.findRoomByName(r.name)).toMatchObject({ id: r.id, kind: r.kind, ownerId: r.ownerId, lastSeq: r.lastSeq, memberCount: members.length, createdAt: r.createdAt });
      for (const m of members) expect(await storage.rooms.membership(r.id, m.userId)).toEqual({ userId: m.userId, joinedAt: m.joinedAt, lastReadSeq: m.lastReadSeq });
    }
    expect((await storage.rooms.roomsOfUser(3, { limit: 10 })).find((r) => r.id === 1)).toMatchObject({ unreadCount: 1, lastMessageSeq: 2 });
    const created = await builders(() => storage).buildRoom((await storage.users.findUserById(1))!, { name: 'After the upgrade' });
    expect(created.id).toBeGreaterThan(4);
    // The uploads table (issue 11) arrives empty beside the old data and takes rows that name old users and rooms.
    expect(await storage.uploads.bytesOf(1)).toBe(0);
    const upload = { id: 'up-1', ownerId: 1, roomId: 1, seq: 2, name: 'a.png', type: 'image/png', size: 7, width: 2, height: 1, sha256: 'f'.repeat(64), thumbnailSha256: null, createdAt: '2026-12-01T00:00:00.000Z' };
    await storage.uploads.createUpload(upload);
    expect(await storage.uploads.findUpload('up-1')).toEqual(upload);
    // Sent with message 2 of room 1 (the attachments migration's seq column): the room lists it.
    expect(await storage.uploads.roomFiles(1, { limit: 5 })).toEqual([upload]);
    expect(await storage.uploads.bytesOf(1)).toBe(7);
    // Read receipts (issue 10): old accounts share them, old read markers are their receipts, the setting sticks.
    for (const u of oldUsers) expect((await storage.users.findUserById(u.id))?.readReceipts).toBe(true);
    expect((await storage.rooms.sharedReadMarkers(1)).map((m) => [m.userId, m.seq])).toEqual([[1, 4], [3, 1]]);
    await storage.users.setReadReceipts(3, false);
    expect((await storage.users.findUserById(3))?.readReceipts).toBe(false);
    expect((await storage.rooms.sharedReadMarkers(1)).map((m) => m.userId)).toEqual([1]);
    // Presence (issue 10): old accounts are online with no custom status; a status set now is kept.
    expect((await storage.users.findUserById(2))?.status).toEqual({ status: 'online', text: null, emoji: null, until: null });
    const status = { status: 'busy' as const, text: 'Moving in', emoji: '📦', until: '2027-01-01T00:00:00.000Z' };
    await storage.users.setStatus(2, status);
    expect((await storage.users.findUserById(2))?.status).toEqual(status);
    // Notification levels (issue 10): old memberships follow the default for their kind until their member chooses; a choice sticks.
    const before = await storage.rooms.roomsOfUser(3, { limit: 10 });
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((r) => r.notify === null)).toBe(true);
    expect(await storage.rooms.setNotify(1, 3, 'none')).toBe(true);
    expect((await storage.rooms.roomsOfUser(3, { limit: 10 })).find((r) => r.id === 1)?.notify).toBe('none');
    expect(await storage.rooms.setNotify(1, 999, 'all')).toBe(false);
    await storage.sessions.createSession(hashToken('ann-token'), 1);
    // Old messages are in the search index (migration 6 backfills it); member lines are not messages.
    const found = await storage.search.search({ userId: 1, roomId: null, include: ['hello, cat'], exclude: [], from: [], after: null, before: null, cursor: null, limit: 5 });
    expect(found.map((f) => [f.roomId, f.seq, f.text])).toEqual([[1, 2, 'Hello, Cat!']]);
    expect(await storage.search.search({ userId: 1, roomId: null, include: ['joined'], exclude: [], from: [], after: null, before: null, cursor: null, limit: 5 })).toEqual([]);
    await storage.close();

    const server = await startServer({ dataDir: '/nonexistent', databaseUrl: databaseUrl!, databaseSchema: schema, port: 0, webRoot: null });
    try {
      for (const r of oldRooms) {
        const reply = await fetch(`${server.url}/api/rooms/${encodeURIComponent(r.name)}/messages?after=0`, { headers: { authorization: 'Bearer ann-token' } });
        expect(((await reply.json()) as { messages: unknown[] }).messages).toEqual(oldEntries.filter((e) => e.roomId === r.id).map(expectedFrame));
      }
    } finally {
      await server.close();
    }
  });
});

if (!databaseUrl) {
  describe('a PostgreSQL database written by the previous release', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}
