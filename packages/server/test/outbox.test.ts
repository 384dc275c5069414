import { createClient, type OutboxStore, type ParleyClient, type WebSocketConstructor } from '@parley/client';
import { FileOutboxStore } from '@parley/client/node';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildUser, uniqueRoomName, type TestUser } from './helpers/builders.js';
import { useServer } from './helpers/server.js';

const server = useServer();
const clients: ParleyClient[] = [];

function client(user: TestUser, outboxStore?: OutboxStore): ParleyClient {
  const made = createClient({ url: server.url, token: user.token, WebSocket: WebSocket as unknown as WebSocketConstructor, minReconnectDelayMs: 50, maxReconnectDelayMs: 200, ...(outboxStore ? { outboxStore } : {}) });
  clients.push(made);
  return made;
}

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 4000) => {
  for (const started = Date.now(); !(await check()); ) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

let ann: TestUser;
let bob: TestUser;
beforeAll(async () => {
  ann = await buildUser(server, { name: 'Ann' });
  bob = await buildUser(server, { name: 'Bob' });
});

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

describe('the SDK outbox', () => {
  it('keeps a message written before any connection in its store, and a later process sends it once', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'parley-outbox-')), 'outbox.json');
    const room = uniqueRoomName('Outbox');
    const setup = client(ann);
    await setup.connect();
    await setup.createRoom(room);

    // The first process never reaches the server: the message waits in the file.
    const offline = client(ann, new FileOutboxStore(path));
    await offline.outbox.open(ann.phone);
    const sent = offline.send(room, 'written offline', 'offline-1');
    expect(offline.outbox.messages().map((m) => [m.clientMsgId, m.status])).toEqual([['offline-1', 'queued']]);
    await offline.outbox.flushed();
    offline.close();
    await expect(sent).rejects.toMatchObject({ code: 'unavailable' });

    // A new process with the same file: the message goes out when it connects, and leaves the file.
    const later = client(ann, new FileOutboxStore(path));
    const delivered: string[] = [];
    later.on('message', (m) => delivered.push(m.clientMsgId));
    await later.connect();
    await until(() => later.outbox.messages().length === 0 && delivered.includes('offline-1'));
    expect(await new FileOutboxStore(path).load(ann.phone)).toEqual([]);
    const history = await setup.historyPage(room, { after: 0, limit: 50 });
    expect(history.filter((e) => e.type === 'message').map((e) => (e.type === 'message' ? e.text : ''))).toEqual(['written offline']);
  });

  it('stores a message once when two clients with the same kept record both send it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'parley-outbox-')), 'outbox.json');
    const room = uniqueRoomName('Twice');
    const setup = client(ann);
    await setup.connect();
    await setup.createRoom(room);
    await new FileOutboxStore(path).put({ clientMsgId: 'twin-1', room, text: 'from two tabs', ts: new Date().toISOString(), owner: ann.phone });
    const [first, second] = [client(ann, new FileOutboxStore(path)), client(ann, new FileOutboxStore(path))];
    const acked = (c: ParleyClient) => new Promise((resolve) => c.on('message', (m) => m.clientMsgId === 'twin-1' && resolve(m.seq)));
    const seqs = Promise.all([acked(first), acked(second)]);
    await Promise.all([first.connect(), second.connect()]);
    expect(await seqs).toEqual([1, 1]);
    await until(() => first.outbox.messages().length === 0 && second.outbox.messages().length === 0);
    const history = await setup.historyPage(room, { after: 0, limit: 50 });
    expect(history.filter((e) => e.type === 'message')).toHaveLength(1);
  });

  it('never sends one account’s kept messages over another account’s connection', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'parley-outbox-')), 'outbox.json');
    const room = uniqueRoomName('Owner');
    const setup = client(ann);
    await setup.connect();
    await setup.createRoom(room);
    await new FileOutboxStore(path).put({ clientMsgId: 'anns-1', room, text: 'Ann wrote this', ts: new Date().toISOString(), owner: ann.phone });
    const asBob = client(bob, new FileOutboxStore(path));
    await asBob.connect();
    await asBob.join(room);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(asBob.outbox.messages()).toEqual([]);
    expect(await setup.historyPage(room, { after: 0, limit: 50 })).toHaveLength(1); // Bob's join only
    expect((await new FileOutboxStore(path).load(ann.phone)).map((r) => r.clientMsgId)).toEqual(['anns-1']);
  });

  it('marks a refused message failed, keeps it for retry, and forgets it on discard', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'parley-outbox-')), 'outbox.json');
    const room = uniqueRoomName('Closed');
    const owner = client(ann);
    await owner.connect();
    await owner.createRoom(room, { isPrivate: true });
    const outsider = client(bob, new FileOutboxStore(path));
    await outsider.connect();
    // A private room one is not in answers as if there were none.
    await expect(outsider.send(room, 'let me in', 'refused-1')).rejects.toMatchObject({ code: 'room_not_found' });
    expect(outsider.outbox.messages()).toMatchObject([{ clientMsgId: 'refused-1', status: 'failed', error: { code: 'room_not_found' } }]);
    await outsider.outbox.flushed();
    expect((await new FileOutboxStore(path).load(bob.phone))[0]?.failure?.code).toBe('room_not_found');

    // Added to the room (by someone who knows Bob, so at once), the same message goes through on retry, with the same id.
    await owner.openPrivate(bob.phone);
    await owner.invite(room, [bob.phone]);
    const acked = new Promise<string | undefined>((resolve) => outsider.on('message', (m) => m.clientMsgId === 'refused-1' && resolve(m.text)));
    outsider.outbox.retry('refused-1');
    expect(await acked).toBe('let me in');
    await until(() => outsider.outbox.messages().length === 0);

    await expect(outsider.send(uniqueRoomName('Nowhere'), 'lost', 'refused-2')).rejects.toMatchObject({ code: 'room_not_found' });
    await outsider.outbox.discard('refused-2');
    expect(outsider.outbox.messages()).toEqual([]);
    expect(await new FileOutboxStore(path).load(bob.phone)).toEqual([]);
  });
});
