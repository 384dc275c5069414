import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { UserExport } from '@parley/protocol';
import { buildRoom, buildUser, connect, makeContacts, sendMessage, uniqueRoomName } from './helpers/builders.js';
import { describeOnEngines } from './helpers/engines.js';
import { runParley } from './helpers/process.js';

describeOnEngines('GET /api/me/export', {}, (server, _engine, postgres) => {
  it('holds the account and every room the user is in, each with what a member sees, and nothing of other rooms', async () => {
    const [ann, ben, cat] = [await buildUser(server, { name: 'Ann Export' }), await buildUser(server, { name: 'Ben Export' }), await buildUser(server, { name: 'Cat Export' })];
    await makeContacts(server, ann, ben);
    const annSocket = await connect(server, ann);
    const catSocket = await connect(server, cat);
    const shared = uniqueRoomName('Shared');
    await buildRoom(annSocket, { room: shared, isPrivate: true });
    await annSocket.ok({ type: 'invite', room: shared, members: [ben.phone] });
    await sendMessage(annSocket, shared, 'ann in shared');
    const benSocket = await connect(server, ben);
    await sendMessage(benSocket, shared, 'ben in shared');
    const dm = (await annSocket.ok({ type: 'private', phone: ben.phone })).room as string;
    await sendMessage(annSocket, dm, 'ann to ben');
    const secret = uniqueRoomName('Secret');
    await buildRoom(catSocket, { room: secret, isPrivate: true });
    await sendMessage(catSocket, secret, 'cat only canary');

    const response = await fetch(`${server.url}/api/me/export`, { headers: { authorization: `Bearer ${ann.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="parley-export-\d{4}-\d{2}-\d{2}\.json"$/);
    const text = await response.text();
    const data = JSON.parse(text) as UserExport;
    expect(data.user).toMatchObject({ name: 'Ann Export', phone: ann.phone });
    expect(data.rooms.map((r) => r.room.name).sort()).toEqual([shared, dm].sort());
    const sharedRoom = data.rooms.find((r) => r.room.name === shared)!;
    expect(sharedRoom.members.map((m) => m.phone).sort()).toEqual([ann.phone, ben.phone].sort());
    const texts = sharedRoom.events.flatMap((e) => (e.type === 'message' ? [e.text] : []));
    expect(texts).toEqual(['ann in shared', 'ben in shared']);
    expect(data.rooms.find((r) => r.room.name === dm)!.events.flatMap((e) => (e.type === 'message' ? [e.text] : []))).toEqual(['ann to ben']);
    // Nothing of Cat's private room: not its name, not its text.
    expect(text).not.toContain(secret);
    expect(text).not.toContain('cat only canary');
    for (const s of [annSocket, benSocket, catSocket]) s.close();

    // An administrator exports Cat's room from the command line, against the same database.
    const dir = await mkdtemp(join(tmpdir(), 'parley-export-'));
    try {
      const file = join(dir, 'room.json');
      const where = postgres ? ['--database-url', postgres.databaseUrl, '--database-schema', postgres.schema] : ['--data-dir', server.dataDir];
      const run = await runParley(['export-room', secret, file, ...where]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const room = JSON.parse(await readFile(file, 'utf8')) as UserExport['rooms'][number];
      expect(room.room.name).toBe(secret);
      expect(room.members).toEqual([{ name: 'Cat Export', phone: cat.phone }]);
      expect(room.events.flatMap((e) => (e.type === 'message' ? [e.text] : []))).toEqual(['cat only canary']);
      expect((await runParley(['export-room', uniqueRoomName('Nowhere'), file, ...where])).code).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers unauthorized without a token', async () => {
    const response = await fetch(`${server.url}/api/me/export`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });
});
