import { beforeAll, describe, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, sendMessage, type TestUser } from './helpers/builders.js';
import { http } from './helpers/http.js';
import { useServer } from './helpers/server.js';
import type { Frame, RawSocket } from './helpers/socket.js';

const server = useServer();

const receiptIn = (room: string) => (f: Frame) => f.type === 'receipt' && f.room === room;
const receiptsPath = (room: string) => `/api/rooms/${encodeURIComponent(room)}/receipts`;

/** A round trip on the socket: every push sent to it before now has arrived. */
async function settle(...sockets: RawSocket[]): Promise<void> {
  for (const socket of sockets) expect((await socket.request({ type: 'ping' })).type).toBe('ok');
}

async function setReceipts(user: TestUser, on: boolean): Promise<void> {
  const reply = await http(server, 'PATCH', '/api/me', { token: user.token, body: { readReceipts: on } });
  expect(reply.status).toBe(200);
  expect(reply.body.settings).toEqual({ readReceipts: on });
}

describe('read receipts', () => {
  let ann: TestUser;
  let ben: TestUser;
  let cat: TestUser;
  let outsider: TestUser;
  let room: string;

  beforeAll(async () => {
    [ann, ben, cat, outsider] = [await buildUser(server, { name: 'Ann' }), await buildUser(server, { name: 'Ben' }), await buildUser(server, { name: 'Cat' }), await buildUser(server, { name: 'Outsider' })];
    const annSocket = await connect(server, ann);
    room = (await buildRoom(annSocket)).room as string;
    for (const user of [ben, cat]) {
      const socket = await connect(server, user);
      await socket.ok({ type: 'join', room });
      await socket.close();
    }
    await annSocket.close();
  });

  it('tells the other members, and no one else, when a marker moves forward, and never when it does not', async () => {
    const [annSocket, benSocket, catSocket, outsiderSocket] = [await connect(server, ann), await connect(server, ben), await connect(server, cat), await connect(server, outsider)];
    const first = await sendMessage(annSocket, room, 'one');
    const second = await sendMessage(annSocket, room, 'two');
    await benSocket.ok({ type: 'read', room, seq: second.seq });
    expect(await annSocket.next(receiptIn(room))).toEqual({ type: 'receipt', room, phone: ben.phone, seq: second.seq });
    expect(await catSocket.next(receiptIn(room))).toEqual({ type: 'receipt', room, phone: ben.phone, seq: second.seq });
    // Backwards or in place: nothing moves, nothing is told.
    await benSocket.ok({ type: 'read', room, seq: first.seq });
    await benSocket.ok({ type: 'read', room, seq: second.seq });
    await settle(annSocket, catSocket, outsiderSocket, benSocket);
    expect(annSocket.log.filter(receiptIn(room))).toHaveLength(1);
    expect(catSocket.log.filter(receiptIn(room))).toHaveLength(1);
    expect(benSocket.log.filter(receiptIn(room))).toEqual([]);
    expect(outsiderSocket.log.filter((f) => f.type === 'receipt')).toEqual([]);
    await Promise.all([annSocket, benSocket, catSocket, outsiderSocket].map((s) => s.close()));
  });

  it('lists how far the other members have read, for members only', async () => {
    const annSocket = await connect(server, ann);
    const ack = await sendMessage(annSocket, room, 'list me');
    const catSocket = await connect(server, cat);
    await catSocket.ok({ type: 'read', room, seq: ack.seq });
    const reply = await http(server, 'GET', receiptsPath(room), { token: ann.token });
    expect(reply.status).toBe(200);
    const receipts = reply.body.receipts as { phone: string; name: string; seq: number }[];
    expect(receipts.map((r) => r.phone)).toEqual([ben.phone, cat.phone]);
    expect(receipts.find((r) => r.phone === cat.phone)).toEqual({ name: 'Cat', phone: cat.phone, seq: ack.seq });
    expect((await http(server, 'GET', receiptsPath(room), { token: outsider.token })).body.error.code).toBe('forbidden');
    const secret = (await buildRoom(annSocket, { isPrivate: true })).room as string;
    const hidden = await http(server, 'GET', receiptsPath(secret), { token: outsider.token });
    expect([hidden.status, hidden.body.error.code]).toEqual([404, 'room_not_found']);
    expect((await http(server, 'GET', receiptsPath(room))).status).toBe(401);
    await Promise.all([annSocket.close(), catSocket.close()]);
  });

  it('turned off, hides one’s reading from everyone and everyone’s from one, live and in the list', async () => {
    const dan = await buildUser(server, { name: 'Dan' });
    const [annSocket, danSocket] = [await connect(server, ann), await connect(server, dan)];
    await danSocket.ok({ type: 'join', room });
    expect((await http(server, 'GET', '/api/me', { token: dan.token })).body.settings).toEqual({ readReceipts: true });
    await setReceipts(dan, false);
    expect((await http(server, 'GET', '/api/me', { token: dan.token })).body.settings).toEqual({ readReceipts: false });

    // Dan reads: nobody is told. Ann reads: Dan is not told either.
    const ack = await sendMessage(annSocket, room, 'for Dan');
    await danSocket.ok({ type: 'read', room, seq: ack.seq });
    const benSocket = await connect(server, ben);
    await benSocket.ok({ type: 'read', room, seq: ack.seq });
    await annSocket.next(receiptIn(room));
    await settle(annSocket, danSocket);
    expect(annSocket.log.filter(receiptIn(room)).map((f) => f.phone)).toEqual([ben.phone]);
    expect(danSocket.log.filter(receiptIn(room))).toEqual([]);
    expect((await http(server, 'GET', receiptsPath(room), { token: ann.token })).body.receipts.map((r: { phone: string }) => r.phone)).not.toContain(dan.phone);
    expect((await http(server, 'GET', receiptsPath(room), { token: dan.token })).body.receipts).toEqual([]);

    // On again: both ways at once, on the sockets already open.
    await setReceipts(dan, true);
    const next = await sendMessage(annSocket, room, 'again');
    await benSocket.ok({ type: 'read', room, seq: next.seq });
    expect(await danSocket.next(receiptIn(room))).toMatchObject({ phone: ben.phone, seq: next.seq });
    await danSocket.ok({ type: 'read', room, seq: next.seq });
    expect(await annSocket.next((f) => receiptIn(room)(f) && f.phone === dan.phone)).toMatchObject({ seq: next.seq });
    await Promise.all([annSocket.close(), danSocket.close(), benSocket.close()]);
  });

  it('refuses settings that are not settings, and keeps running', async () => {
    for (const body of [{ readReceipts: 'no' }, { colour: 'red' }, 'nope']) {
      const reply = await http(server, 'PATCH', '/api/me', { token: ann.token, body });
      expect([reply.status, reply.body.error.code]).toEqual([400, 'invalid_input']);
    }
    expect((await http(server, 'GET', '/api/me', { token: ann.token })).body.settings).toEqual({ readReceipts: true });
  });
});
