import { beforeAll, describe, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, publicUser, sendMessage, type TestUser } from './helpers/builders.js';
import { useServer } from './helpers/server.js';
import { connectedClient, nextEvent } from './helpers/sdk.js';
import type { Frame } from './helpers/socket.js';

const server = useServer();

let ann: TestUser;
let ben: TestUser;
let cat: TestUser;
let outsider: TestUser;
let flooder: TestUser;
let room: string;
let secret: string;

const typingIn = (name: string) => (f: Frame) => f.type === 'typing' && f.room === name;

beforeAll(async () => {
  [ann, ben, cat, outsider] = [await buildUser(server, { name: 'Ann' }), await buildUser(server, { name: 'Ben' }), await buildUser(server, { name: 'Cat' }), await buildUser(server, { name: 'Outsider' })];
  flooder = await buildUser(server, { name: 'Flooder' });
  const annSocket = await connect(server, ann);
  room = (await buildRoom(annSocket)).room as string;
  secret = (await buildRoom(annSocket, { isPrivate: true })).room as string;
  for (const user of [ben, cat, flooder]) {
    const socket = await connect(server, user);
    await socket.ok({ type: 'join', room });
    await socket.close();
  }
  await annSocket.close();
});

describe('typing', () => {
  it('pushes the full list of who is typing to the other members, each without themselves, and ends on a message', async () => {
    const [annSocket, benSocket, catSocket] = [await connect(server, ann), await connect(server, ben), await connect(server, cat)];
    await annSocket.ok({ type: 'typing', room, typing: true });
    expect(await benSocket.next(typingIn(room))).toEqual({ type: 'typing', room, users: [publicUser(ann)] });
    expect(await catSocket.next(typingIn(room))).toEqual({ type: 'typing', room, users: [publicUser(ann)] });

    await benSocket.ok({ type: 'typing', room, typing: true });
    expect(await catSocket.next(typingIn(room))).toEqual({ type: 'typing', room, users: [publicUser(ann), publicUser(ben)] });
    expect(await annSocket.next(typingIn(room))).toEqual({ type: 'typing', room, users: [publicUser(ben)] });
    // Ben's own sessions see no change when his state changes.
    expect(benSocket.received(typingIn(room))).toHaveLength(1);

    // Ann's message ends her typing; Ben's stop ends his.
    await sendMessage(annSocket, room, 'done typing');
    expect(await catSocket.next(typingIn(room))).toEqual({ type: 'typing', room, users: [publicUser(ben)] });
    await benSocket.ok({ type: 'typing', room, typing: false });
    expect(await catSocket.next(typingIn(room))).toEqual({ type: 'typing', room, users: [] });
    await Promise.all([annSocket.close(), benSocket.close(), catSocket.close()]);
  });

  it('absorbs early refreshes and floods without error and without pushes', async () => {
    const [annSocket, benSocket] = [await connect(server, flooder), await connect(server, ben)];
    for (let i = 0; i < 40; i++) expect(await annSocket.request({ type: 'typing', room, typing: true })).toMatchObject({ type: 'ok', room });
    await benSocket.next(typingIn(room));
    // A flood of starts and stops costs pushes only while the user's budget lasts.
    for (let i = 0; i < 60; i++) expect(await annSocket.request({ type: 'typing', room, typing: i % 2 === 1 })).toMatchObject({ type: 'ok' });
    expect((await benSocket.request({ type: 'ping' })).type).toBe('ok');
    expect(benSocket.received(typingIn(room)).length).toBeLessThanOrEqual(22);
    await Promise.all([annSocket.close(), benSocket.close()]);
  });

  it('ends when the typing connection closes', async () => {
    const [annSocket, catSocket] = [await connect(server, ann), await connect(server, cat)];
    await annSocket.ok({ type: 'typing', room: room.toUpperCase(), typing: true });
    expect(await catSocket.next(typingIn(room))).toMatchObject({ users: [publicUser(ann)] });
    await annSocket.close();
    expect(await catSocket.next(typingIn(room))).toEqual({ type: 'typing', room, users: [] });
    await catSocket.close();
  });

  it('ends by itself 6 s after the last refresh, as the SDK forwards it', async () => {
    const [annClient, benClient] = [await connectedClient(server, ann), await connectedClient(server, ben)];
    const started = nextEvent(benClient, 'typing', (f) => f.room === room && f.users.length === 1);
    await annClient.typing(room, true);
    expect((await started).users).toEqual([publicUser(ann)]);
    // The SDK keeps refreshes to one per 3 s: this one does not reach the server.
    await annClient.typing(room, true);
    expect(await nextEvent(benClient, 'typing', (f) => f.room === room, 8000)).toEqual({ type: 'typing', room, users: [] });
    annClient.close();
    benClient.close();
  }, 12_000);

  it('refuses non-members: forbidden in a public room, room_not_found for a private one', async () => {
    const socket = await connect(server, outsider);
    expect(await socket.request({ type: 'typing', room, typing: true })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await socket.request({ type: 'typing', room: secret, typing: true })).toMatchObject({ type: 'error', code: 'room_not_found' });
    expect(await socket.request({ type: 'typing', room, typing: 'yes' })).toMatchObject({ type: 'error', code: 'invalid_input' });
    expect((await socket.request({ type: 'ping' })).type).toBe('ok');
    await socket.close();
  });
});

describe('read markers across one’s own sessions', () => {
  it('tells one’s other sessions when the marker moves forward, and nobody else', async () => {
    const [first, second, benSocket] = [await connect(server, ann), await connect(server, ann), await connect(server, ben)];
    const ack = await sendMessage(benSocket, room, 'unread for Ann');
    await first.next((f) => f.type === 'message' && f.seq === ack.seq);
    expect(await first.ok({ type: 'read', room, seq: ack.seq })).toMatchObject({ seq: ack.seq });
    expect(await second.next((f) => f.type === 'read')).toEqual({ type: 'read', room, seq: ack.seq });
    // The same marker again, or an older one, moves nothing and tells nothing.
    await first.ok({ type: 'read', room, seq: ack.seq });
    await first.ok({ type: 'read', room, seq: 1 });
    expect((await second.request({ type: 'ping' })).type).toBe('ok');
    expect(second.received((f) => f.type === 'read')).toHaveLength(1);
    expect([...first.received((f) => f.type === 'read'), ...benSocket.received((f) => f.type === 'read')]).toEqual([]);
    await Promise.all([first.close(), second.close(), benSocket.close()]);
  });
});

describe('typing changes that come together', () => {
  // A long batch, so that a loaded machine's scheduling cannot split the burst below.
  const batched = useServer({ chat: { typingBatchMs: 1500 } });

  it('go out as one push of the list, each typist’s own list without themselves', async () => {
    const [dan, eve, fay, gus] = [await buildUser(batched, { name: 'Dan' }), await buildUser(batched, { name: 'Eve' }), await buildUser(batched, { name: 'Fay' }), await buildUser(batched, { name: 'Gus' })];
    const danSocket = await connect(batched, dan);
    const burst = (await buildRoom(danSocket)).room as string;
    const sockets = [];
    for (const user of [eve, fay, gus]) {
      const socket = await connect(batched, user);
      await socket.ok({ type: 'join', room: burst });
      sockets.push(socket);
    }
    for (const socket of sockets) await socket.ok({ type: 'typing', room: burst, typing: true });
    const frame = await danSocket.next(typingIn(burst), 5000);
    expect(frame.users.map((u: Frame) => u.name).sort()).toEqual(['Eve', 'Fay', 'Gus']);
    expect(danSocket.received(typingIn(burst))).toHaveLength(1);
    const eveFrame = await sockets[0]!.next(typingIn(burst), 5000);
    expect(eveFrame.users.map((u: Frame) => u.name).sort()).toEqual(['Fay', 'Gus']);
    await Promise.all([...sockets, danSocket].map((socket) => socket.close()));
  });
});
