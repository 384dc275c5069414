import { beforeAll, describe, expect, it } from 'vitest';
import { buildUsers, connect, publicUser, sendMessage, uniquePhone, uniqueRoomName, type TestUser, makeContacts } from './helpers/builders.js';
import { historyPath, http } from './helpers/http.js';
import { connectedClient, nextEvent } from './helpers/sdk.js';
import { useServer } from './helpers/server.js';

const server = useServer();

let ann: TestUser;
let ben: TestUser;
let cyd: TestUser;
let dov: TestUser;

beforeAll(async () => {
  [ann, ben, cyd, dov] = (await buildUsers(server, 4)) as [TestUser, TestUser, TestUser, TestUser];
  // Ann, Ben and Cyd know each other (strangers are invited, not added: see invitations.test.ts); Dov is a stranger.
  await makeContacts(server, ann, ben, cyd);
});

describe('create_group', () => {
  it('answers ok with a private group whose members are the creator and the listed users', async () => {
    const annSocket = await connect(server, ann);
    const room = uniqueRoomName('Trio');
    const reply = await annSocket.request({ type: 'create_group', room, members: [ben.phone, cyd.phone], id: 'g1' });
    expect(reply).toMatchObject({ type: 'ok', id: 'g1', room });
    expect(reply.info).toMatchObject({ name: room, isPrivate: true, kind: 'group', memberCount: 3 });
    expect(reply.members.map((m: { phone: string }) => m.phone).sort()).toEqual([ann.phone, ben.phone, cyd.phone].sort());
  });

  it('makes the listed users members at once: they can send and read without joining', async () => {
    const annSocket = await connect(server, ann);
    const room = uniqueRoomName('Trio');
    await annSocket.ok({ type: 'create_group', room, members: [ben.phone, cyd.phone] });
    const benSocket = await connect(server, ben);
    const ack = await sendMessage(benSocket, room, 'thanks for the invite');
    const seen = await annSocket.next((f) => f.type === 'message' && f.room === room);
    expect(seen).toMatchObject({ seq: ack.seq, from: publicUser(ben), text: 'thanks for the invite' });
    const history = await http(server, 'GET', historyPath(room), { token: cyd.token });
    expect(history.status).toBe(200);
    expect(history.body.messages[0]).toMatchObject({ type: 'message', seq: ack.seq, text: 'thanks for the invite' });
  });

  it('sends an invite event to every open session of the added users', async () => {
    const benFirst = await connect(server, ben);
    const benSecond = await connect(server, ben);
    const cydSocket = await connect(server, cyd);
    const annSocket = await connect(server, ann);
    const room = uniqueRoomName('Invited');
    await annSocket.ok({ type: 'create_group', room, members: [ben.phone, cyd.phone] });
    for (const socket of [benFirst, benSecond, cydSocket]) {
      const invite = await socket.next((f) => f.type === 'system' && f.event === 'invite' && f.room === room);
      expect(invite).toMatchObject({ type: 'system', event: 'invite', room, user: publicUser(ann), message: expect.any(String) });
    }
  });

  it('accepts the members phones written with +, spaces and dashes', async () => {
    const annSocket = await connect(server, ann);
    const room = uniqueRoomName('Decorated');
    const decorated = `+${ben.phone.slice(0, 3)} ${ben.phone.slice(3, 6)}-${ben.phone.slice(6)}`;
    const reply = await annSocket.ok({ type: 'create_group', room, members: [decorated] });
    expect(reply.members.map((m: { phone: string }) => m.phone).sort()).toEqual([ann.phone, ben.phone].sort());
  });

  it('answers user_not_found for an unknown phone and creates nothing, inviting no one', async () => {
    const benSocket = await connect(server, ben);
    const annSocket = await connect(server, ann);
    const room = uniqueRoomName('Ghosts');
    const reply = await annSocket.request({ type: 'create_group', room, members: [ben.phone, uniquePhone()] });
    expect(reply).toMatchObject({ type: 'error', code: 'user_not_found', message: expect.any(String) });

    expect((await http(server, 'GET', historyPath(room), { token: ann.token })).body.error.code).toBe('room_not_found');
    expect((await http(server, 'GET', `/api/rooms?q=${encodeURIComponent(room)}`, { token: ann.token })).body.rooms).toEqual([]);
    // The name is still free: creating it properly works, and only that creation invites Ben.
    await annSocket.ok({ type: 'create_group', room, members: [ben.phone] });
    await benSocket.next((f) => f.type === 'system' && f.event === 'invite' && f.room === room);
    expect(benSocket.received((f) => f.type === 'system' && f.event === 'invite' && f.room === room)).toHaveLength(1);
  });

  it('answers room_exists for a taken name, ignoring case', async () => {
    const annSocket = await connect(server, ann);
    const room = uniqueRoomName('Taken');
    await annSocket.ok({ type: 'create_room', room });
    expect(await annSocket.request({ type: 'create_group', room: room.toUpperCase(), members: [ben.phone] })).toMatchObject({ type: 'error', code: 'room_exists' });
  });

  it('refuses a name starting with private_room_ and an empty member list with invalid_input', async () => {
    const annSocket = await connect(server, ann);
    expect(await annSocket.request({ type: 'create_group', room: 'private_room_group', members: [ben.phone] })).toMatchObject({ type: 'error', code: 'invalid_input' });
    expect(await annSocket.request({ type: 'create_group', room: uniqueRoomName(), members: [] })).toMatchObject({ type: 'error', code: 'invalid_input' });
  });

  it('keeps everyone else out: join answers room_not_found, as if there were no such group', async () => {
    const annSocket = await connect(server, ann);
    const room = uniqueRoomName('Closed');
    await annSocket.ok({ type: 'create_group', room, members: [ben.phone] });
    const dovSocket = await connect(server, dov);
    expect(await dovSocket.request({ type: 'join', room })).toMatchObject({ type: 'error', code: 'room_not_found' });
  });
});

describe('three users in a group', () => {
  it('delivers each message to the two others, in seq order, through the SDK', async () => {
    const room = uniqueRoomName('Chatty');
    const annClient = await connectedClient(server, ann);
    const benClient = await connectedClient(server, ben);
    const cydClient = await connectedClient(server, cyd);
    await annClient.createGroup(room, [ben.phone, cyd.phone]);

    const benGets = nextEvent(benClient, 'message', (m) => m.room === room && m.text === 'from ann');
    const cydGets = nextEvent(cydClient, 'message', (m) => m.room === room && m.text === 'from ann');
    const ack = await annClient.send(room, 'from ann', 'ann-1');
    expect(await benGets).toEqual({ type: 'message', room, seq: ack.seq, ts: ack.ts, from: publicUser(ann), text: 'from ann', clientMsgId: 'ann-1' });
    expect(await cydGets).toEqual({ type: 'message', room, seq: ack.seq, ts: ack.ts, from: publicUser(ann), text: 'from ann', clientMsgId: 'ann-1' });

    const annGets = nextEvent(annClient, 'message', (m) => m.room === room && m.text === 'from cyd');
    const second = await cydClient.send(room, 'from cyd');
    expect(second.seq).toBe(ack.seq + 1);
    expect((await annGets).seq).toBe(second.seq);
  });
});

describe('invite', () => {
  it('lets a member add people, who get the invite event and become members', async () => {
    const annSocket = await connect(server, ann);
    const room = uniqueRoomName('Growing');
    await annSocket.ok({ type: 'create_group', room, members: [ben.phone] });
    await makeContacts(server, ben, dov);
    const dovSocket = await connect(server, dov);
    const benSocket = await connect(server, ben);
    const reply = await benSocket.request({ type: 'invite', room, members: [dov.phone], id: 'inv' });
    expect(reply).toMatchObject({ type: 'ok', id: 'inv', room });
    const invite = await dovSocket.next((f) => f.type === 'system' && f.event === 'invite' && f.room === room);
    expect(invite).toMatchObject({ user: publicUser(ben), room });
    expect((await sendMessage(dovSocket, room, 'glad to be here')).room).toBe(room);
  });

  it('answers room_not_found to someone outside the group', async () => {
    const annSocket = await connect(server, ann);
    const room = uniqueRoomName('Guarded');
    await annSocket.ok({ type: 'create_group', room, members: [ben.phone] });
    const dovSocket = await connect(server, dov);
    expect(await dovSocket.request({ type: 'invite', room, members: [dov.phone] })).toMatchObject({ type: 'error', code: 'room_not_found' });
  });
});
