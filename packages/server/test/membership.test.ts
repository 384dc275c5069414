import { beforeAll, describe, expect, it } from 'vitest';
import { buildRoom, buildUsers, connect, publicUser, sendMessage, uniqueRoomName, type TestUser, makeContacts } from './helpers/builders.js';
import { historyPath, http } from './helpers/http.js';
import { connectedClient, nextEvent } from './helpers/sdk.js';
import { useServer } from './helpers/server.js';

const server = useServer();

let first: TestUser;
let second: TestUser;
let third: TestUser;

beforeAll(async () => {
  [first, second, third] = (await buildUsers(server, 3)) as [TestUser, TestUser, TestUser];
  await makeContacts(server, first, second, third);
});

describe('ownership', () => {
  it('passes to the longest-standing member when the owner leaves', async () => {
    const firstSocket = await connect(server, first);
    const { room } = await buildRoom(firstSocket);
    const secondSocket = await connect(server, second);
    const thirdSocket = await connect(server, third);
    await secondSocket.ok({ type: 'join', room });
    await thirdSocket.ok({ type: 'join', room });
    await firstSocket.ok({ type: 'leave', room });

    expect(await thirdSocket.request({ type: 'delete_room', room })).toMatchObject({ type: 'error', code: 'forbidden' });
    const rejoin = await firstSocket.ok({ type: 'join', room });
    expect(rejoin.info.owner).toBe(second.phone);
    expect(await firstSocket.request({ type: 'delete_room', room })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect((await secondSocket.request({ type: 'delete_room', room })).type).toBe('ok');
  });

  it('keeps a public room nobody is in, and makes the next to join its owner', async () => {
    const firstSocket = await connect(server, first);
    const { room } = await buildRoom(firstSocket);
    await sendMessage(firstSocket, room, 'echo');
    await firstSocket.ok({ type: 'leave', room });
    const search = await http(server, 'GET', `/api/rooms?q=${encodeURIComponent(room)}`, { token: second.token });
    expect(search.body.rooms).toEqual([expect.objectContaining({ name: room, memberCount: 0 })]);
    const secondSocket = await connect(server, second);
    const join = await secondSocket.ok({ type: 'join', room });
    expect(join.info).toMatchObject({ owner: second.phone, memberCount: 1 });
    const page = await http(server, 'GET', historyPath(room), { token: second.token });
    expect(page.body.messages.filter((e: { type: string }) => e.type === 'message').map((m: { text: string }) => m.text)).toEqual(['echo']);
  });

  it('deletes a private group when its last member leaves', async () => {
    const firstSocket = await connect(server, first);
    const room = uniqueRoomName('Shrinking');
    await firstSocket.ok({ type: 'create_group', room, members: [second.phone] });
    const secondSocket = await connect(server, second);
    await secondSocket.ok({ type: 'leave', room });
    await firstSocket.ok({ type: 'leave', room });
    expect((await http(server, 'GET', historyPath(room), { token: first.token })).body.error.code).toBe('room_not_found');
    expect((await firstSocket.request({ type: 'create_group', room, members: [third.phone] })).type).toBe('ok');
  });
});

describe('room capacity', () => {
  it('lets a member of a full room join again', async () => {
    const firstSocket = await connect(server, first);
    const { room } = await buildRoom(firstSocket, { maxParticipants: 2 });
    const secondSocket = await connect(server, second);
    await secondSocket.ok({ type: 'join', room });
    const again = await secondSocket.request({ type: 'join', room });
    expect(again).toMatchObject({ type: 'ok', room });
  });

  it('frees a place when a member leaves', async () => {
    const firstSocket = await connect(server, first);
    const { room } = await buildRoom(firstSocket, { maxParticipants: 2 });
    const secondSocket = await connect(server, second);
    const thirdSocket = await connect(server, third);
    await secondSocket.ok({ type: 'join', room });
    expect((await thirdSocket.request({ type: 'join', room })).code).toBe('room_full');
    await secondSocket.ok({ type: 'leave', room });
    expect((await thirdSocket.request({ type: 'join', room })).type).toBe('ok');
  });

  it('refuses a group of more than 100 listed members with invalid_input', async () => {
    const firstSocket = await connect(server, first);
    const members = Array.from({ length: 101 }, (_, i) => `5${String(i).padStart(9, '0')}`);
    expect(await firstSocket.request({ type: 'create_group', room: uniqueRoomName(), members })).toMatchObject({ type: 'error', code: 'invalid_input' });
  });
});

describe('the invite event', () => {
  it('names who added whom, is stored with a seq, and reads as a sentence', async () => {
    const secondSocket = await connect(server, second);
    const firstSocket = await connect(server, first);
    const room = uniqueRoomName('Welcome');
    const reply = await firstSocket.ok({ type: 'create_group', room, members: [second.phone, third.phone] });
    const invite = await secondSocket.next((f) => f.type === 'system' && f.event === 'invite' && f.room === room);
    expect(invite).toEqual({
      type: 'system',
      event: 'invite',
      room,
      seq: reply.info.lastSeq,
      ts: expect.any(String),
      user: publicUser(first),
      members: expect.arrayContaining([publicUser(second), publicUser(third)]),
      message: expect.stringContaining(room),
    });
    expect(invite.members).toHaveLength(2);
    const page = await http(server, 'GET', historyPath(room), { token: third.token });
    expect(page.body.messages).toEqual([invite]);
  });
});

describe('a room deleted while its members are connected through the SDK', () => {
  it('tells each of them and the room is gone from their lists', async () => {
    const firstClient = await connectedClient(server, first);
    const secondClient = await connectedClient(server, second);
    const thirdClient = await connectedClient(server, third);
    const room = uniqueRoomName('Doomed');
    await firstClient.createRoom(room);
    await secondClient.join(room);
    await thirdClient.join(room);
    await secondClient.send(room, 'before the end');

    const secondHears = nextEvent(secondClient, 'system', (e) => e.event === 'delete' && e.room === room);
    const thirdHears = nextEvent(thirdClient, 'system', (e) => e.event === 'delete' && e.room === room);
    await firstClient.deleteRoom(room);
    const expected = { type: 'system', event: 'delete', room, message: `The room ${room} has been deleted.` };
    expect(await secondHears).toEqual(expected);
    expect(await thirdHears).toEqual(expected);

    for (const client of [firstClient, secondClient, thirdClient]) {
      expect((await client.myRooms()).map((r) => r.name)).not.toContain(room);
    }
    await expect(secondClient.send(room, 'hello?')).rejects.toMatchObject({ code: 'room_not_found' });
    await expect(thirdClient.historyPage(room)).rejects.toMatchObject({ code: 'room_not_found' });
  });
});
