import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { storageContract } from '../storage.contract.js';
import { testServices } from '../../../test/helpers/services.js';
import { TcpProxy } from '../../../test/helpers/tcp-proxy.js';
import { createPostgresStorage } from './postgres-storage.js';

const { databaseUrl, skipReason } = testServices();
const schemas: string[] = [];

/** A fresh schema per storage, so runs and tests never see each other's data. */
async function freshStorage() {
  const schema = `parley_test_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  return createPostgresStorage({ url: databaseUrl!, schema, maxConnections: 4 });
}

afterAll(async () => {
  if (!databaseUrl || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe.skipIf(!databaseUrl)('PostgreSQL storage', () => {
  storageContract('PostgreSQL', freshStorage);

  it('keeps seqs gap-free when several nodes append to one room at once', async () => {
    const schema = `parley_test_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    const nodes = await Promise.all([1, 2, 3].map(() => createPostgresStorage({ url: databaseUrl!, schema, maxConnections: 4 })));
    const [first] = nodes;
    const ann = await first!.users.createUser({ name: 'Ann', phone: '111111', passwordHash: 'h' });
    const room = await first!.rooms.createRoom({ name: 'busy', kind: 'room', isPrivate: false, description: '', ownerId: ann.id, maxParticipants: 10 }, [ann.id]);
    const sender = { name: 'Ann', phone: '111111' };
    const appends = nodes.flatMap((node, n) =>
      Array.from({ length: 100 }, (_, i) => node.messages.append({ roomId: room.id, kind: 'message', senderId: ann.id, sender, text: `n${n} m${i}`, clientMsgId: `n${n}-${i}` })),
    );
    const results = await Promise.all(appends);
    expect(results.map((r) => r.entry.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
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
    const schema = `parley_test_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    const storage = await createPostgresStorage({ url: viaProxy.toString(), schema, maxConnections: 2 });
    const ann = await storage.users.createUser({ name: 'Ann', phone: '111111', passwordHash: 'h' });
    const room = await storage.rooms.createRoom({ name: 'r', kind: 'room', isPrivate: false, description: '', ownerId: ann.id, maxParticipants: 5 }, [ann.id]);
    const append = () => storage.messages.append({ roomId: room.id, kind: 'message', senderId: ann.id, sender: { name: 'Ann', phone: '111111' }, text: 'hi', clientMsgId: 'same' });

    await proxy.cut();
    await expect(append()).rejects.toMatchObject({ code: 'unavailable' });
    await expect(storage.users.findUserByPhone('111111')).rejects.toMatchObject({ code: 'unavailable' });
    await proxy.restore();
    const stored = await append();
    expect(stored).toMatchObject({ duplicate: false, entry: { seq: 1 } });
    expect((await append()).duplicate).toBe(true);
    await storage.close();
    await proxy.cut();
  });
});

if (!databaseUrl) {
  describe('PostgreSQL storage', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}
