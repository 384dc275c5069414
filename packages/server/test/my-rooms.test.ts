import { beforeAll, describe, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, publicUser, sendMessage, type TestUser } from './helpers/builders.js';
import { http } from './helpers/http.js';
import { useServer } from './helpers/server.js';

const server = useServer();

let kim: TestUser;
let lee: TestUser;

beforeAll(async () => {
  kim = await buildUser(server, { name: 'Kim' });
  lee = await buildUser(server, { name: 'Lee' });
});

describe('GET /api/me/rooms', () => {
  it('lists the rooms and private chats the caller belongs to, most recent activity first, with the peer of a private chat', async () => {
    const kimSocket = await connect(server, kim);
    const quiet = await buildRoom(kimSocket, { room: 'Quiet Corner' });
    const busy = await buildRoom(kimSocket, { room: 'Busy Corner' });
    const { room: dm } = await kimSocket.ok({ type: 'private', phone: lee.phone });
    const lastAck = await sendMessage(kimSocket, busy.room, 'latest news', 'news-1');

    const reply = await http(server, 'GET', '/api/me/rooms', { token: kim.token });
    expect(reply.status).toBe(200);
    expect(reply.body.rooms.map((r: { name: string }) => r.name)).toEqual(['Busy Corner', dm, 'Quiet Corner']);
    const [busyRoom, dmRoom, quietRoom] = reply.body.rooms;
    expect(busyRoom).toMatchObject({ kind: 'room', lastSeq: lastAck.seq, lastReadSeq: expect.any(Number) });
    expect(busyRoom.lastEntry).toEqual({ type: 'message', room: 'Busy Corner', seq: lastAck.seq, ts: lastAck.ts, from: publicUser(kim), text: 'latest news', clientMsgId: 'news-1' });
    expect(dmRoom).toMatchObject({ kind: 'direct', peer: { name: 'Lee', phone: lee.phone, online: false } });
    expect(quietRoom).toMatchObject({ lastSeq: quiet.info.lastSeq });
  });

  it('does not list rooms the caller is not in', async () => {
    const reply = await http(server, 'GET', '/api/me/rooms', { token: lee.token });
    expect(reply.body.rooms.map((r: { name: string }) => r.name)).toEqual([expect.stringMatching(/^private_room_/)]);
  });
});

describe('read', () => {
  it('records the read marker: unread is lastSeq − lastReadSeq', async () => {
    const kimSocket = await connect(server, kim);
    const { room } = await buildRoom(kimSocket);
    const leeSocket = await connect(server, lee);
    await leeSocket.ok({ type: 'join', room });
    const one = await sendMessage(kimSocket, room, 'one');
    const two = await sendMessage(kimSocket, room, 'two');
    const reply = await leeSocket.request({ type: 'read', room, seq: one.seq, id: 'rd' });
    expect(reply).toEqual({ type: 'ok', id: 'rd', room, seq: one.seq });
    const mine = await http(server, 'GET', '/api/me/rooms', { token: lee.token });
    const entry = mine.body.rooms.find((r: { name: string }) => r.name === room);
    expect(entry).toMatchObject({ lastSeq: two.seq, lastReadSeq: one.seq });
  });
});
