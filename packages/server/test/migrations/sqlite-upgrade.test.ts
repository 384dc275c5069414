import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/app.js';
import { hashToken } from '../../src/auth/tokens.js';
import { migrations } from '../../src/storage/sqlite/schema.js';
import { createSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { builders } from '../../src/storage/contract/builders.js';
import { expectedFrame, oldEntries, oldMemberships, oldRooms, oldSessions, oldUsers } from './previous-release.js';

/** Version of the schema the previous release (before room events) wrote. */
const previousVersion = 2;

/** A data dir as the previous release left it: its migrations only, its rows in its own shape. */
function previousDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-upgrade-'));
  const db = new Database(join(dir, 'parley.db'));
  db.pragma('journal_mode = WAL');
  for (const migration of migrations.slice(0, previousVersion)) db.exec(migration);
  db.pragma(`user_version = ${previousVersion}`);
  const user = db.prepare('INSERT INTO users (id, name, name_key, phone, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  for (const u of oldUsers) user.run(u.id, u.name, u.name.toLowerCase(), u.phone, 'old-hash', '2026-11-19T00:00:00.000Z');
  const room = db.prepare('INSERT INTO rooms (id, name, name_key, kind, is_private, description, owner_id, max_participants, created_at, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const r of oldRooms) room.run(r.id, r.name, r.key, r.kind, r.isPrivate ? 1 : 0, '', r.ownerId, r.max, r.createdAt, r.lastSeq);
  const member = db.prepare('INSERT INTO memberships (room_id, user_id, joined_at, last_read_seq) VALUES (?, ?, ?, ?)');
  for (const m of oldMemberships) member.run(m.roomId, m.userId, m.joinedAt, m.lastReadSeq);
  const entry = db.prepare('INSERT INTO entries (room_id, seq, kind, sender_id, text, client_msg_id, ts, members) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const e of oldEntries) entry.run(e.roomId, e.seq, e.kind, e.senderId, e.text, e.clientMsgId, e.ts, e.members ? JSON.stringify(e.members) : null);
  const session = db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)');
  for (const s of oldSessions) session.run(s.tokenHash, s.userId, s.createdAt, s.lastSeenAt);
  db.close();
  return dir;
}

describe('a SQLite data dir written by the previous release', () => {
  it('opens with every user, session, room, membership, read marker and entry intact', async () => {
    const dir = previousDataDir();
    const storage = createSqliteStorage({ dataDir: dir });
    for (const u of oldUsers) expect(await storage.users.findUserByPhone(u.phone)).toMatchObject({ id: u.id, name: u.name, passwordHash: 'old-hash' });
    expect((await storage.sessions.findSession('old-token-hash'))?.user.id).toBe(1);
    for (const r of oldRooms) {
      const members = oldMemberships.filter((m) => m.roomId === r.id);
      expect(await storage.rooms.findRoomByName(r.name)).toMatchObject({ id: r.id, kind: r.kind, isPrivate: r.isPrivate, ownerId: r.ownerId, lastSeq: r.lastSeq, memberCount: members.length, createdAt: r.createdAt });
      for (const m of members) expect(await storage.rooms.membership(r.id, m.userId)).toEqual({ userId: m.userId, joinedAt: m.joinedAt, lastReadSeq: m.lastReadSeq });
      const events = await storage.events.history(r.id, { after: 0, limit: 50 }, null);
      expect(events.map((e) => e.seq)).toEqual(oldEntries.filter((e) => e.roomId === r.id).map((e) => e.seq));
    }
    // Unread counts and previews are derived from the migrated messages.
    const cats = await storage.rooms.roomsOfUser(3, { limit: 10 });
    expect(cats.find((r) => r.id === 1)).toMatchObject({ unreadCount: 1, lastMessageSeq: 2, activityAt: '2026-11-20T10:02:00.000Z' });
    expect(cats.find((r) => r.id === 3)).toMatchObject({ unreadCount: 1 });
    // Old messages are in the search index (migration 6 backfills it); member lines are not messages.
    const found = await storage.search.search({ userId: 1, roomId: null, include: ['hello, cat'], exclude: [], from: [], after: null, before: null, cursor: null, limit: 5 });
    expect(found.map((f) => [f.roomId, f.seq, f.text])).toEqual([[1, 2, 'Hello, Cat!']]);
    expect(await storage.search.search({ userId: 1, roomId: null, include: ['joined'], exclude: [], from: [], after: null, before: null, cursor: null, limit: 5 })).toEqual([]);
    // A new room never takes an id an old one had.
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
    await storage.close();
  });

  it('serves every old entry exactly as the previous release did, and takes new events after them', async () => {
    const dir = previousDataDir();
    // Give Ann a token the server accepts: the previous release stored only its hash too.
    const storage = createSqliteStorage({ dataDir: dir });
    await storage.sessions.createSession(hashToken('ann-token'), 1);
    await storage.close();
    const server = await startServer({ dataDir: dir, port: 0, webRoot: null });
    try {
      for (const r of oldRooms) {
        const reply = await fetch(`${server.url}/api/rooms/${encodeURIComponent(r.name)}/messages?after=0`, { headers: { authorization: 'Bearer ann-token' } });
        const { messages } = (await reply.json()) as { messages: unknown[] };
        expect(messages).toEqual(oldEntries.filter((e) => e.roomId === r.id).map(expectedFrame));
      }
    } finally {
      await server.close();
    }
  });
});
