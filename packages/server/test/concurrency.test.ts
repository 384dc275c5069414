import { beforeAll, describe, expect, it } from 'vitest';
import { buildRoom, buildUsers, connect, uniquePhone, uniqueRoomName, type TestUser } from './helpers/builders.js';
import { historyPath, http } from './helpers/http.js';
import { useServer } from './helpers/server.js';
import type { Frame } from './helpers/socket.js';

const server = useServer();

let users: TestUser[];

beforeAll(async () => {
  users = await buildUsers(server, 3);
});

describe('requests that race', () => {
  it('give every message in a room its own seq, with no gap, when many members send at once', async () => {
    const sockets = await Promise.all(users.map((u) => connect(server, u)));
    const { room } = await buildRoom(sockets[0]!);
    await Promise.all(sockets.slice(1).map((s) => s.ok({ type: 'join', room })));
    const start = (await http(server, 'GET', historyPath(room, { limit: 1 }), { token: users[0]!.token })).body.messages[0].seq as number;

    const sends: Promise<Frame>[] = [];
    for (let i = 0; i < 30; i++) {
      sockets.forEach((s, who) => sends.push(s.ok({ type: 'message', room, text: `burst ${who}-${i}`, clientMsgId: `burst-${who}-${i}` })));
    }
    const seqs = (await Promise.all(sends)).map((ack) => ack.seq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 90 }, (_, i) => start + 1 + i));

    const page = await http(server, 'GET', historyPath(room, { after: start, limit: 200 }), { token: users[1]!.token });
    expect(page.body.messages.map((m: { seq: number }) => m.seq)).toEqual(seqs);
  });

  it('store a message sent twice at once with the same clientMsgId only once, and answer both alike', async () => {
    const socket = await connect(server, users[0]!);
    const other = await connect(server, users[0]!);
    const { room } = await buildRoom(socket);
    const frame = { type: 'message', room, text: 'twice at once', clientMsgId: 'same-instant' };
    const [a, b, c] = await Promise.all([socket.request({ ...frame, id: 'x1' }), socket.request({ ...frame, id: 'x2' }), other.request({ ...frame, id: 'x3' })]);
    expect(a.type).toBe('ok');
    expect({ ...b, id: 'x1' }).toEqual(a);
    expect({ ...c, id: 'x1' }).toEqual(a);
    const page = await http(server, 'GET', historyPath(room), { token: users[0]!.token });
    expect(page.body.messages.filter((m: { clientMsgId?: string }) => m.clientMsgId === 'same-instant')).toHaveLength(1);
  });

  it('create a room once when two people ask for the same name at once', async () => {
    const [a, b] = await Promise.all([connect(server, users[0]!), connect(server, users[1]!)]);
    const name = uniqueRoomName('Contested');
    const replies = await Promise.all([a.request({ type: 'create_room', room: name }), b.request({ type: 'create_room', room: name.toUpperCase() })]);
    expect(replies.map((r) => r.type ?? r.code).sort()).toEqual(['error', 'ok']);
    expect(replies.find((r) => r.type === 'error')!.code).toBe('room_exists');
  });

  it('sign up a phone once when two sign-ups race', async () => {
    const phone = uniquePhone();
    const replies = await Promise.all([
      http(server, 'POST', '/api/signup', { body: { name: 'First', phone, password: 'password-one' } }),
      http(server, 'POST', '/api/signup', { body: { name: 'Second', phone: `+${phone}`, password: 'password-two' } }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(replies.find((r) => r.status === 409)!.body.error.code).toBe('phone_taken');
  });

  it('open one private chat when both people ask at once', async () => {
    const [a, b] = await Promise.all([connect(server, users[1]!), connect(server, users[2]!)]);
    const [ra, rb] = await Promise.all([a.ok({ type: 'private', phone: users[2]!.phone }), b.ok({ type: 'private', phone: users[1]!.phone })]);
    expect(ra.room).toBe(rb.room);
    expect(ra.info.memberCount).toBe(2);
  });
});

describe('room names', () => {
  it('treat the same letters typed two ways (NFC and NFD) as one name', async () => {
    const socket = await connect(server, users[0]!);
    const base = uniqueRoomName('Caf');
    await socket.ok({ type: 'create_room', room: `${base}\u00e9` });
    expect(await socket.request({ type: 'create_room', room: `${base}e\u0301` })).toMatchObject({ type: 'error', code: 'room_exists' });
  });
});
