import { beforeAll, describe, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, publicUser, sendMessage, uniqueRoomName, type TestUser } from './helpers/builders.js';
import { historyPath, http } from './helpers/http.js';
import { useServer } from './helpers/server.js';

const server = useServer();

let owner: TestUser;
let bea: TestUser;
let cal: TestUser;

beforeAll(async () => {
  owner = await buildUser(server, { name: 'Olive Owner' });
  bea = await buildUser(server, { name: 'Bea' });
  cal = await buildUser(server, { name: 'Cal' });
});

describe('create_room', () => {
  it('answers ok with the room name and the room, owned by its creator, who is its first member', async () => {
    const socket = await connect(server, owner);
    const reply = await socket.request({ type: 'create_room', room: 'Harbour', description: 'Boats and tides', id: 'c1' });
    expect(reply).toMatchObject({ type: 'ok', id: 'c1', room: 'Harbour' });
    expect(reply.info).toMatchObject({
      name: 'Harbour',
      description: 'Boats and tides',
      isPrivate: false,
      kind: 'room',
      owner: owner.phone,
      maxParticipants: 1000,
      memberCount: 1,
      createdAt: expect.any(String),
      lastSeq: expect.any(Number),
    });
    const history = await http(server, 'GET', historyPath('Harbour'), { token: owner.token });
    expect(history.status).toBe(200);
  });

  it('stores isPrivate and maxParticipants as given', async () => {
    const socket = await connect(server, owner);
    const reply = await buildRoom(socket, { isPrivate: true, maxParticipants: 5 });
    expect(reply.info).toMatchObject({ isPrivate: true, maxParticipants: 5, kind: 'room', description: '' });
  });

  it('trims the room name', async () => {
    const socket = await connect(server, owner);
    const reply = await socket.ok({ type: 'create_room', room: '   Padded Room   ' });
    expect(reply.room).toBe('Padded Room');
    expect(reply.info.name).toBe('Padded Room');
  });

  it('answers room_exists for a name that is taken, ignoring case', async () => {
    const socket = await connect(server, owner);
    const name = uniqueRoomName('Lighthouse');
    await buildRoom(socket, { room: name });
    for (const again of [name, name.toLowerCase(), name.toUpperCase(), `  ${name}  `]) {
      const reply = await socket.request({ type: 'create_room', room: again });
      expect(reply, again).toMatchObject({ type: 'error', code: 'room_exists', message: expect.any(String) });
    }
  });

  it('refuses names starting with private_room_, in any case, with invalid_input', async () => {
    const socket = await connect(server, owner);
    for (const room of ['private_room_111111_222222', 'Private_Room_x', 'PRIVATE_ROOM_']) {
      const reply = await socket.request({ type: 'create_room', room });
      expect(reply, room).toMatchObject({ type: 'error', code: 'invalid_input' });
    }
  });

  it('accepts a 64-character name and refuses 65 characters, an empty and a blank name', async () => {
    const socket = await connect(server, owner);
    const longest = `L${uniqueRoomName()}`.padEnd(64, 'z');
    expect((await socket.request({ type: 'create_room', room: longest })).type).toBe('ok');
    for (const room of [`${longest}z`, '', '    ']) {
      const reply = await socket.request({ type: 'create_room', room });
      expect(reply, JSON.stringify(room)).toMatchObject({ type: 'error', code: 'invalid_input' });
      expect(reply.message).toContain('room');
    }
  });

  it('refuses a description over 500 characters with invalid_input naming it', async () => {
    const socket = await connect(server, owner);
    const reply = await socket.request({ type: 'create_room', room: uniqueRoomName(), description: 'd'.repeat(501) });
    expect(reply).toMatchObject({ type: 'error', code: 'invalid_input' });
    expect(reply.message).toContain('description');
  });

  it('refuses maxParticipants outside 2–100000 with invalid_input', async () => {
    const socket = await connect(server, owner);
    for (const maxParticipants of [1, 100_001, 2.5]) {
      const reply = await socket.request({ type: 'create_room', room: uniqueRoomName(), maxParticipants });
      expect(reply, String(maxParticipants)).toMatchObject({ type: 'error', code: 'invalid_input' });
    }
  });
});

describe('join', () => {
  it('answers ok with the room, its members (name, phone, online) and lastSeq', async () => {
    const ownerSocket = await connect(server, owner);
    const { room } = await buildRoom(ownerSocket, { description: 'Joinable' });
    const ack = await sendMessage(ownerSocket, room, 'first!');
    const beaSocket = await connect(server, bea);
    const reply = await beaSocket.request({ type: 'join', room, id: 'j1' });
    expect(reply).toMatchObject({ type: 'ok', id: 'j1', room, lastSeq: ack.seq + 1 });
    expect(reply.info).toMatchObject({ name: room, description: 'Joinable', isPrivate: false, owner: owner.phone, memberCount: 2 });
    const members = [...reply.members].sort((a: { phone: string }, b: { phone: string }) => a.phone.localeCompare(b.phone));
    expect(members).toMatchObject(
      [
        { name: owner.name, phone: owner.phone, online: true },
        { name: bea.name, phone: bea.phone, online: true },
      ].sort((a, b) => a.phone.localeCompare(b.phone)),
    );
  });

  it('announces the newcomer to the other members with the exact join text, stored with a seq', async () => {
    const ownerSocket = await connect(server, owner);
    const { room, info } = await buildRoom(ownerSocket);
    const beaSocket = await connect(server, bea);
    await beaSocket.ok({ type: 'join', room });
    const event = await ownerSocket.next((f) => f.type === 'system' && f.event === 'join' && f.room === room);
    expect(event).toMatchObject({
      type: 'system',
      event: 'join',
      room,
      seq: info.lastSeq + 1,
      ts: expect.any(String),
      user: { name: 'Bea', phone: bea.phone },
      message: `Bea has joined the room ${room}.`,
    });
    const history = await http(server, 'GET', historyPath(room), { token: owner.token });
    expect(history.body.messages[0]).toMatchObject({ type: 'system', event: 'join', seq: info.lastSeq + 1, message: `Bea has joined the room ${room}.` });
  });

  it('does not send the join event to the joining connection', async () => {
    const ownerSocket = await connect(server, owner);
    const { room } = await buildRoom(ownerSocket);
    const beaSocket = await connect(server, bea);
    await beaSocket.ok({ type: 'join', room });
    await ownerSocket.next((f) => f.type === 'system' && f.event === 'join' && f.room === room);
    await sendMessage(ownerSocket, room, 'barrier');
    await beaSocket.next((f) => f.type === 'message' && f.room === room);
    expect(beaSocket.received((f) => f.type === 'system' && f.room === room)).toEqual([]);
  });

  it('sends the join event to the newcomer’s other sessions', async () => {
    const ownerSocket = await connect(server, owner);
    const { room } = await buildRoom(ownerSocket);
    const beaSocket = await connect(server, bea);
    const beaOther = await connect(server, bea);
    await beaSocket.ok({ type: 'join', room });
    const event = await beaOther.next((f) => f.type === 'system' && f.event === 'join' && f.room === room);
    expect(event.user).toEqual(publicUser(bea));
  });

  it('answers ok again for a member who joins twice, and announces nothing', async () => {
    const ownerSocket = await connect(server, owner);
    const { room } = await buildRoom(ownerSocket);
    const beaSocket = await connect(server, bea);
    const first = await beaSocket.ok({ type: 'join', room });
    await ownerSocket.next((f) => f.type === 'system' && f.event === 'join' && f.room === room);
    const second = await beaSocket.ok({ type: 'join', room });
    expect(second.lastSeq).toBe(first.lastSeq);
    expect(second.info.memberCount).toBe(2);
    // Anything the second join announced would reach the owner before this message does.
    const barrier = await sendMessage(beaSocket, room, 'after the second join');
    await ownerSocket.next((f) => f.type === 'message' && f.seq === barrier.seq);
    expect(ownerSocket.received((f) => f.type === 'system' && f.room === room)).toHaveLength(1);
    expect(barrier.seq).toBe(first.lastSeq + 1);
  });

  it('answers room_not_found for a room that does not exist', async () => {
    const socket = await connect(server, bea);
    const reply = await socket.request({ type: 'join', room: 'Atlantis Nowhere' });
    expect(reply).toMatchObject({ type: 'error', code: 'room_not_found', message: expect.any(String) });
  });

  it('answers room_not_found for a private room one was not invited to, as if it did not exist', async () => {
    const ownerSocket = await connect(server, owner);
    const { room } = await buildRoom(ownerSocket, { isPrivate: true });
    const socket = await connect(server, bea);
    expect(await socket.request({ type: 'join', room })).toMatchObject({ type: 'error', code: 'room_not_found' });
  });

  it('answers room_full once maxParticipants are members', async () => {
    const ownerSocket = await connect(server, owner);
    const { room } = await buildRoom(ownerSocket, { maxParticipants: 2 });
    const beaSocket = await connect(server, bea);
    await beaSocket.ok({ type: 'join', room });
    const calSocket = await connect(server, cal);
    expect(await calSocket.request({ type: 'join', room })).toMatchObject({ type: 'error', code: 'room_full' });
    expect(await calSocket.request({ type: 'message', room, text: 'let me in', clientMsgId: 'full-1' })).toMatchObject({ type: 'error', code: 'forbidden' });
  });
});

describe('leave', () => {
  it('answers ok, tells the others with the exact leave text, and the member gets no more messages', async () => {
    const ownerSocket = await connect(server, owner);
    const { room } = await buildRoom(ownerSocket);
    const beaSocket = await connect(server, bea);
    const beaOther = await connect(server, bea);
    await beaSocket.ok({ type: 'join', room });

    const reply = await beaSocket.request({ type: 'leave', room, id: 'bye' });
    expect(reply).toMatchObject({ type: 'ok', id: 'bye', room });
    const event = await ownerSocket.next((f) => f.type === 'system' && f.event === 'leave');
    expect(event).toMatchObject({
      type: 'system',
      event: 'leave',
      room,
      seq: expect.any(Number),
      ts: expect.any(String),
      user: publicUser(bea),
      message: `Bea has left the room ${room}.`,
    });

    const after = await sendMessage(ownerSocket, room, 'is anyone still here?');
    // Bea's other session shares no other room with the owner: a ping round trip is the barrier.
    expect((await beaOther.request({ type: 'ping' })).type).toBe('ok');
    expect(beaOther.received((f) => f.type === 'message' && f.seq === after.seq)).toEqual([]);
    expect(await beaSocket.request({ type: 'message', room, text: 'hello?', clientMsgId: 'gone-1' })).toMatchObject({ type: 'error', code: 'forbidden' });
  });

  it('sends the leave event to the leaver’s other sessions', async () => {
    const ownerSocket = await connect(server, owner);
    const { room } = await buildRoom(ownerSocket);
    const beaSocket = await connect(server, bea);
    const beaOther = await connect(server, bea);
    await beaSocket.ok({ type: 'join', room });
    await beaSocket.ok({ type: 'leave', room });
    const event = await beaOther.next((f) => f.type === 'system' && f.event === 'leave' && f.room === room);
    expect(event.message).toBe(`Bea has left the room ${room}.`);
  });

  it('persists: the room lists one member fewer and the leave is in the history', async () => {
    const ownerSocket = await connect(server, owner);
    const { room } = await buildRoom(ownerSocket);
    const beaSocket = await connect(server, bea);
    await beaSocket.ok({ type: 'join', room });
    await beaSocket.ok({ type: 'leave', room });
    const calSocket = await connect(server, cal);
    const join = await calSocket.ok({ type: 'join', room });
    expect(join.members.map((m: { phone: string }) => m.phone).sort()).toEqual([owner.phone, cal.phone].sort());
    const history = await http(server, 'GET', historyPath(room), { token: cal.token });
    expect(history.status).toBe(200);
    const newest = history.body.messages.slice(0, 3).map((e: { event?: string; user?: { phone: string } }) => [e.event, e.user?.phone]);
    expect(newest).toEqual([
      ['join', cal.phone],
      ['leave', bea.phone],
      ['join', bea.phone],
    ]);
    expect(await http(server, 'GET', historyPath(room), { token: bea.token })).toMatchObject({ status: 403 });
  });
});

describe('delete_room', () => {
  it('answers forbidden to a member who is not the owner', async () => {
    const ownerSocket = await connect(server, owner);
    const { room } = await buildRoom(ownerSocket);
    const beaSocket = await connect(server, bea);
    await beaSocket.ok({ type: 'join', room });
    expect(await beaSocket.request({ type: 'delete_room', room })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect((await http(server, 'GET', historyPath(room), { token: owner.token })).status).toBe(200);
  });

  it('answers room_not_found for a room that does not exist', async () => {
    const socket = await connect(server, owner);
    expect(await socket.request({ type: 'delete_room', room: 'Never Was' })).toMatchObject({ type: 'error', code: 'room_not_found' });
  });

  it('tells every connected member with the exact delete text, then the room, its members and history are gone', async () => {
    const ownerSocket = await connect(server, owner);
    const ownerOther = await connect(server, owner);
    const { room } = await buildRoom(ownerSocket);
    const beaSocket = await connect(server, bea);
    const calSocket = await connect(server, cal);
    await beaSocket.ok({ type: 'join', room });
    await calSocket.ok({ type: 'join', room });
    await sendMessage(beaSocket, room, 'soon to vanish');

    const reply = await ownerSocket.request({ type: 'delete_room', room, id: 'del' });
    expect(reply).toMatchObject({ type: 'ok', id: 'del', room });
    const expected = { type: 'system', event: 'delete', room, message: `The room ${room} has been deleted.` };
    for (const socket of [ownerOther, beaSocket, calSocket]) {
      expect(await socket.next((f) => f.type === 'system' && f.event === 'delete')).toEqual(expected);
    }

    expect(await beaSocket.request({ type: 'message', room, text: 'hello?', clientMsgId: 'after-delete' })).toMatchObject({ type: 'error', code: 'room_not_found' });
    expect(await calSocket.request({ type: 'join', room })).toMatchObject({ type: 'error', code: 'room_not_found' });
    expect(await calSocket.request({ type: 'history', room })).toMatchObject({ type: 'error', code: 'room_not_found' });
    const history = await http(server, 'GET', historyPath(room), { token: owner.token });
    expect(history.status).toBe(404);
    expect(history.body.error.code).toBe('room_not_found');
    expect((await http(server, 'GET', `/api/rooms?q=${encodeURIComponent(room)}`, { token: owner.token })).body.rooms).toEqual([]);
    const myRooms = await http(server, 'GET', '/api/me/rooms', { token: bea.token });
    expect(myRooms.body.rooms.map((r: { name: string }) => r.name)).not.toContain(room);

    // The name is free again, and the new room starts with an empty history.
    const again = await buildRoom(ownerSocket, { room });
    expect(again.info).toMatchObject({ memberCount: 1, owner: owner.phone });
    const fresh = await http(server, 'GET', historyPath(room), { token: owner.token });
    expect(fresh.body.messages.filter((e: { type: string }) => e.type === 'message')).toEqual([]);
  });
});
