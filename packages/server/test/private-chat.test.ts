import { beforeAll, describe, expect, it } from 'vitest';
import { privateRoomName } from '@parley/protocol';
import { buildUser, connect, publicUser, sendMessage, uniquePhone, type TestUser } from './helpers/builders.js';
import { connectedClient, nextEvent } from './helpers/sdk.js';
import { useServer } from './helpers/server.js';

const server = useServer();

let zoe: TestUser;
let abe: TestUser;

beforeAll(async () => {
  // Zoe's phone sorts after Abe's, so the room name puts Abe first whoever asks.
  zoe = await buildUser(server, { name: 'Zoe', phone: '9988776655' });
  abe = await buildUser(server, { name: 'Abe', phone: '1122334455' });
});

describe('private', () => {
  it('answers ok with the room private_room_<a>_<b>, phones sorted ascending, and the peer', async () => {
    const socket = await connect(server, zoe);
    const reply = await socket.request({ type: 'private', phone: '+11 2233-4455', id: 'dm' });
    expect(reply).toMatchObject({ type: 'ok', id: 'dm', room: 'private_room_1122334455_9988776655' });
    expect(reply.info).toMatchObject({ name: 'private_room_1122334455_9988776655', isPrivate: true, kind: 'direct', owner: null, memberCount: 2 });
    expect(reply.peer).toMatchObject({ name: 'Abe', phone: '1122334455', online: false, status: 'offline' });
    expect(privateRoomName(zoe.phone, abe.phone)).toBe(reply.room);
  });

  it('returns the same room when asked again, by either person', async () => {
    const zoeSocket = await connect(server, zoe);
    const abeSocket = await connect(server, abe);
    const first = await zoeSocket.ok({ type: 'private', phone: abe.phone });
    const again = await zoeSocket.ok({ type: 'private', phone: abe.phone });
    const fromAbe = await abeSocket.ok({ type: 'private', phone: zoe.phone });
    expect(again.room).toBe(first.room);
    expect(fromAbe.room).toBe(first.room);
    expect(fromAbe.peer).toMatchObject({ name: 'Zoe', phone: zoe.phone, online: true, status: 'online' });
    expect(fromAbe.info.memberCount).toBe(2);
  });

  it('answers user_not_found for a phone with no account', async () => {
    const socket = await connect(server, zoe);
    expect(await socket.request({ type: 'private', phone: uniquePhone() })).toMatchObject({ type: 'error', code: 'user_not_found', message: expect.any(String) });
  });

  it('answers invalid_input for a phone that is not 6–15 digits', async () => {
    const socket = await connect(server, zoe);
    expect(await socket.request({ type: 'private', phone: '12-34' })).toMatchObject({ type: 'error', code: 'invalid_input' });
  });

  it('lets the two talk: each gets the other’s messages, and both can read the history', async () => {
    const zoeClient = await connectedClient(server, zoe);
    const abeClient = await connectedClient(server, abe);
    const { room } = await zoeClient.openPrivate(abe.phone);
    const abeGets = nextEvent(abeClient, 'message', (m) => m.room === room && m.text === 'hi Abe');
    const ack = await zoeClient.send(room, 'hi Abe', 'zoe-hi');
    expect(await abeGets).toEqual({ type: 'message', room, seq: ack.seq, ts: ack.ts, from: publicUser(zoe), text: 'hi Abe', clientMsgId: 'zoe-hi' });
    const zoeGets = nextEvent(zoeClient, 'message', (m) => m.room === room && m.text === 'hi Zoe');
    const reply = await abeClient.send(room, 'hi Zoe');
    expect(reply.seq).toBe(ack.seq + 1);
    expect((await zoeGets).from).toEqual(publicUser(abe));
    const history = await abeClient.historyPage(room, { limit: 2 });
    expect(history.map((e) => (e.type === 'message' ? e.text : e.type))).toEqual(['hi Zoe', 'hi Abe']);
  });

  it('cannot be left, deleted or invited into, even by its members', async () => {
    const socket = await connect(server, zoe);
    const { room } = await socket.ok({ type: 'private', phone: abe.phone });
    expect(await socket.request({ type: 'leave', room })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await socket.request({ type: 'delete_room', room })).toMatchObject({ type: 'error', code: 'forbidden' });
    const third = await buildUser(server);
    expect(await socket.request({ type: 'invite', room, members: [third.phone] })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect((await sendMessage(socket, room, 'still here')).room).toBe(room);
  });
});
