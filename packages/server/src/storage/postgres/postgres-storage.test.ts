import { describe, expect, it } from 'vitest';
import { storageContract } from '../contract/storage.contract.js';
import { builders } from '../contract/builders.js';
import type { Storage } from '../storage.js';
import { scratchSchemas } from '../../../test/helpers/scratch-schemas.js';
import { testServices } from '../../../test/helpers/services.js';
import { TcpProxy } from '../../../test/helpers/tcp-proxy.js';
import { createPostgresStorage } from './postgres-storage.js';

const { databaseUrl, skipReason } = testServices();
const schemas = scratchSchemas(databaseUrl);

/** A fresh schema per storage, so runs and tests never see each other's data. */
async function freshStorage() {
  return createPostgresStorage({ url: databaseUrl!, schema: schemas.next(), maxConnections: 4 });
}

describe.skipIf(!databaseUrl)('PostgreSQL storage', () => {
  storageContract('PostgreSQL', freshStorage);

  it('keeps seqs gap-free when several nodes append to one room at once', async () => {
    const schema = schemas.next();
    const nodes = await Promise.all([1, 2, 3].map(() => createPostgresStorage({ url: databaseUrl!, schema, maxConnections: 4 })));
    const first = nodes[0]!;
    const { buildUser, buildRoom } = builders(() => first);
    const ann = await buildUser({ name: 'Ann', phone: '111111' });
    const room = await buildRoom(ann, { name: 'busy' });
    const appends = nodes.flatMap((node, n) =>
      Array.from({ length: 100 }, (_, i) => node.events.commit({ type: 'message', actorId: ann.id, roomId: room.id, text: `n${n} m${i}`, clientMsgId: `n${n}-${i}`, replyTo: null, mentions: [] })),
    );
    const results = await Promise.all(appends);
    expect(results.map((r) => r.events[0]!.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect((await first!.rooms.findRoomById(room.id))?.lastSeq).toBe(300);
    await Promise.all(nodes.map((node) => node.close()));
  });

  it('reports an unreachable database as unavailable, and recovers when it is back', async () => {
    const target = new URL(databaseUrl!);
    const proxy = new TcpProxy([{ host: target.hostname, port: Number(target.port || 5432) }]);
    await proxy.start();
    const viaProxy = new URL(databaseUrl!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const schema = schemas.next();
    const storage: Storage = await createPostgresStorage({ url: viaProxy.toString(), schema, maxConnections: 2 });
    const { buildUser, buildRoom } = builders(() => storage);
    const ann = await buildUser({ name: 'Ann', phone: '111111' });
    const room = await buildRoom(ann, { name: 'r' });
    const append = () => storage.events.commit({ type: 'message', actorId: ann.id, roomId: room.id, text: 'hi', clientMsgId: 'same', replyTo: null, mentions: [] });

    await proxy.cut();
    await expect(append()).rejects.toMatchObject({ code: 'unavailable' });
    await expect(storage.users.findUserByPhone('111111')).rejects.toMatchObject({ code: 'unavailable' });
    await proxy.restore();
    const stored = await append();
    expect(stored).toMatchObject({ events: [{ seq: 1 }] });
    expect((await append()).duplicate).toMatchObject({ seq: 1 });
    await storage.close();
    await proxy.cut();
  });
});

if (!databaseUrl) {
  describe('PostgreSQL storage', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}
