import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalBus } from '../bus/local-bus.js';
import { createSqliteStorage } from '../storage/sqlite/sqlite-storage.js';
import type { Storage } from '../storage/storage.js';
import { builders } from '../storage/contract/builders.js';
import { RoomNames } from './room-names.js';

describe('RoomNames', () => {
  let storage: Storage;
  afterEach(() => storage.close());

  async function setup() {
    storage = createSqliteStorage({ dataDir: mkdtempSync(join(tmpdir(), 'parley-names-')) });
    const bus = createLocalBus();
    const { buildUser, buildRoom } = builders(() => storage);
    const owner = await buildUser({ name: 'Ann', phone: '111111' });
    const room = await buildRoom(owner, { name: 'General' });
    return { bus, room, names: new RoomNames(storage, bus) };
  }

  it('resolves a name in any case to the room, and unknown names to null', async () => {
    const { room, names } = await setup();
    expect(await names.resolve('general')).toEqual({ id: room.id, name: 'General' });
    expect(await names.resolve('nowhere')).toBeNull();
  });

  it('forgets a room deleted anywhere, so that a new room of that name is found', async () => {
    const { bus, room, names } = await setup();
    await names.resolve('General');
    await storage.events.commit({ type: 'delete_room', actorId: room.ownerId!, roomId: room.id });
    bus.publish({ type: 'room_deleted', roomId: room.id, frame: '{}' });
    expect(await names.resolve('General')).toBeNull();
    const owner = (await storage.users.findUserByPhone('111111'))!;
    const again = await builders(() => storage).buildRoom(owner, { name: 'general' });
    expect(await names.resolve('GENERAL')).toEqual({ id: again.id, name: 'general' });
  });
});
