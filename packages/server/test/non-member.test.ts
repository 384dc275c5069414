import { beforeAll, describe, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, sendMessage, type TestUser, makeContacts } from './helpers/builders.js';
import { historyPath, http } from './helpers/http.js';
import { useServer } from './helpers/server.js';
import type { RawSocket } from './helpers/socket.js';

const server = useServer();

let owner: TestUser;
let friend: TestUser;
let intruder: TestUser;
let ownerSocket: RawSocket;
let friendSocket: RawSocket;
let intruderSocket: RawSocket;

beforeAll(async () => {
  owner = await buildUser(server, { name: 'Owner' });
  friend = await buildUser(server, { name: 'Friend' });
  intruder = await buildUser(server, { name: 'Intruder' });
  await makeContacts(server, owner, friend);
  ownerSocket = await connect(server, owner);
  friendSocket = await connect(server, friend);
  intruderSocket = await connect(server, intruder);
});

/**
 * Every operation an outsider might try on a private room they do not belong to; each must be
 * refused with room_not_found, the same answer as for a room that does not exist.
 */
async function expectLockedOut(room: string, lastSeq: number): Promise<void> {
  const attempts: [string, Record<string, unknown>][] = [
    ['join', { type: 'join', room }],
    ['message', { type: 'message', room, text: 'let me in', clientMsgId: `intrude-${room}` }],
    ['history', { type: 'history', room }],
    ['history after', { type: 'history', room, after: 0 }],
    ['leave', { type: 'leave', room }],
    ['delete_room', { type: 'delete_room', room }],
    ['invite', { type: 'invite', room, members: [intruder.phone] }],
    ['read', { type: 'read', room, seq: lastSeq }],
  ];
  for (const [what, frame] of attempts) {
    const reply = await intruderSocket.request(frame);
    expect(reply, what).toMatchObject({ type: 'error', code: 'room_not_found', message: `There is no room named "${room}".` });
  }
  const page = await http(server, 'GET', historyPath(room), { token: intruder.token });
  expect(page.status).toBe(404);
  expect(page.body.error).toEqual({ code: 'room_not_found', message: `There is no room named "${room}".` });
  const search = await http(server, 'GET', `/api/rooms?q=${encodeURIComponent(room)}`, { token: intruder.token });
  expect(search.body.rooms).toEqual([]);
  const mine = await http(server, 'GET', '/api/me/rooms', { token: intruder.token });
  expect(mine.body.rooms.map((r: { name: string }) => r.name)).not.toContain(room);
}

/** The members' history is exactly what they wrote: nothing from the intruder got in. */
async function expectUntouched(room: string, texts: string[]): Promise<void> {
  const page = await http(server, 'GET', historyPath(room), { token: owner.token });
  const messages = page.body.messages.filter((e: { type: string }) => e.type === 'message');
  expect(messages.map((m: { text: string }) => m.text)).toEqual(texts);
  expect(page.body.messages.some((e: { user?: { phone: string }; from?: { phone: string } }) => e.user?.phone === intruder.phone || e.from?.phone === intruder.phone)).toBe(false);
}

describe('a non-member and a private room', () => {
  it('is refused every operation, and the room is left as it was', async () => {
    const { room } = await buildRoom(ownerSocket, { isPrivate: true });
    const ack = await sendMessage(ownerSocket, room, 'members only');
    await expectLockedOut(room, ack.seq);
    await expectUntouched(room, ['members only']);
    const join = await ownerSocket.ok({ type: 'join', room });
    expect(join.info.memberCount).toBe(1);
  });

  it('cannot tell it exists by inviting an unknown phone to it', async () => {
    const { room } = await buildRoom(ownerSocket, { isPrivate: true });
    const unknown = '+15550009999';
    const toPrivate = await intruderSocket.request({ type: 'invite', room, members: [unknown] });
    const toNowhere = await intruderSocket.request({ type: 'invite', room: `${room}-none`, members: [unknown] });
    expect(toPrivate).toMatchObject({ type: 'error', code: 'user_not_found' });
    expect(toNowhere).toMatchObject({ type: 'error', code: 'user_not_found' });
    const toFriend = await intruderSocket.request({ type: 'invite', room, members: [friend.phone] });
    expect(toFriend).toMatchObject({ type: 'error', code: 'room_not_found', message: `There is no room named "${room}".` });
  });

  it('gets none of its messages', async () => {
    const { room } = await buildRoom(ownerSocket, { isPrivate: true });
    await sendMessage(ownerSocket, room, 'secret');
    expect((await intruderSocket.request({ type: 'ping' })).type).toBe('ok');
    expect(intruderSocket.received((f) => f.room === room)).toEqual([]);
  });
});

describe('a non-member and a group', () => {
  it('is refused every operation', async () => {
    const { room } = await ownerSocket.ok({ type: 'create_group', room: 'Inner Circle', members: [friend.phone] });
    const ack = await sendMessage(friendSocket, room, 'just us');
    await expectLockedOut(room, ack.seq);
    await expectUntouched(room, ['just us']);
  });
});

describe('a third person and a private chat', () => {
  it('is refused every operation, and cannot create a room with its name', async () => {
    const { room } = await ownerSocket.ok({ type: 'private', phone: friend.phone });
    const ack = await sendMessage(ownerSocket, room, 'between us');
    await expectLockedOut(room, ack.seq);
    await expectUntouched(room, ['between us']);
    expect(await intruderSocket.request({ type: 'create_room', room })).toMatchObject({ type: 'error', code: 'invalid_input' });
    expect(await intruderSocket.request({ type: 'create_group', room, members: [owner.phone] })).toMatchObject({ type: 'error', code: 'invalid_input' });
  });

  it('gets the same answer for a private chat that does not exist as for one that does', async () => {
    const name = 'private_room_000000_000001';
    const reply = await intruderSocket.request({ type: 'join', room: name });
    expect(reply).toMatchObject({ type: 'error', code: 'room_not_found', message: `There is no room named "${name}".` });
  });
});

describe('a non-member and a public room', () => {
  it('is refused message, history and read until they join', async () => {
    const { room } = await buildRoom(ownerSocket);
    const ack = await sendMessage(ownerSocket, room, 'come in');
    for (const frame of [
      { type: 'message', room, text: 'hi', clientMsgId: 'pub-1' },
      { type: 'history', room },
      { type: 'read', room, seq: ack.seq },
    ]) {
      expect(await intruderSocket.request(frame), frame.type).toMatchObject({ type: 'error', code: 'forbidden' });
    }
    expect((await http(server, 'GET', historyPath(room), { token: intruder.token })).status).toBe(403);
    await intruderSocket.ok({ type: 'join', room });
    expect((await sendMessage(intruderSocket, room, 'hi')).seq).toBe(ack.seq + 2);
  });
});
