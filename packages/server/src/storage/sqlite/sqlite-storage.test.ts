import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storageContract } from '../contract/storage.contract.js';
import { builders } from '../contract/builders.js';
import type { Storage } from '../storage.js';
import { DataDirError } from './open-database.js';
import { createSqliteStorage } from './sqlite-storage.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'parley-sqlite-'));

storageContract('SQLite', async () => createSqliteStorage({ dataDir: freshDir() }));

describe('SQLite storage', () => {
  it('keeps users, rooms and history across a reopen of the same data dir', async () => {
    const dir = freshDir();
    let storage: Storage = createSqliteStorage({ dataDir: dir });
    const { buildUser, buildRoom, message } = builders(() => storage);
    const ann = await buildUser({ name: 'Ann', phone: '111111' });
    const room = await buildRoom(ann, { name: 'Kept' });
    await message(room.id, ann, 'still here', { clientMsgId: 'c1' });
    await storage.close();
    storage = createSqliteStorage({ dataDir: dir });
    expect((await storage.rooms.findRoomByName('kept'))?.lastSeq).toBe(1);
    expect(await storage.rooms.membership(room.id, ann.id)).not.toBeNull();
    expect((await storage.events.history(room.id, { limit: 5 }, ann.id))[0]?.message?.text).toBe('still here');
    expect((await message(room.id, ann, 'still here', { clientMsgId: 'c1' })).duplicate).toBeDefined();
    await storage.close();
  });

  it('explains in one sentence why a data dir cannot be used', () => {
    expect(() => createSqliteStorage({ dataDir: '/etc/passwd/parley' })).toThrow(DataDirError);
    expect(() => createSqliteStorage({ dataDir: '/etc/passwd/parley' })).toThrow(/^Cannot use data directory \/etc\/passwd\/parley: a part of the path is a file, not a directory\.$/);
  });
});
