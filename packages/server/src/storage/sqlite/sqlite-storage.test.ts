import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storageContract } from '../storage.contract.js';
import { DataDirError } from './open-database.js';
import { createSqliteStorage } from './sqlite-storage.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'parley-sqlite-'));

storageContract('SQLite', async () => createSqliteStorage({ dataDir: freshDir() }));

describe('SQLite storage', () => {
  it('keeps users, rooms and history across a reopen of the same data dir', async () => {
    const dir = freshDir();
    const first = createSqliteStorage({ dataDir: dir });
    const ann = await first.users.createUser({ name: 'Ann', phone: '111111', passwordHash: 'h' });
    const room = await first.rooms.createRoom({ name: 'Kept', kind: 'room', isPrivate: false, description: '', ownerId: ann.id, maxParticipants: 5 }, [ann.id]);
    await first.messages.append({ roomId: room.id, kind: 'message', senderId: ann.id, sender: { name: 'Ann', phone: '111111' }, text: 'still here', clientMsgId: 'c1' });
    await first.close();

    const second = createSqliteStorage({ dataDir: dir });
    expect((await second.rooms.findRoomByName('kept'))?.lastSeq).toBe(1);
    expect(await second.rooms.isMember(room.id, ann.id)).toBe(true);
    expect((await second.messages.history(room.id, { limit: 5 }))[0]?.text).toBe('still here');
    expect((await second.messages.append({ roomId: room.id, kind: 'message', senderId: ann.id, sender: { name: 'Ann', phone: '111111' }, text: 'still here', clientMsgId: 'c1' })).duplicate).toBe(true);
    await second.close();
  });

  it('explains in one sentence why a data dir cannot be used', () => {
    expect(() => createSqliteStorage({ dataDir: '/etc/passwd/parley' })).toThrow(DataDirError);
    expect(() => createSqliteStorage({ dataDir: '/etc/passwd/parley' })).toThrow(/^Cannot use data directory \/etc\/passwd\/parley: a part of the path is a file, not a directory\.$/);
  });
});
