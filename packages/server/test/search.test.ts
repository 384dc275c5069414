import { beforeAll, describe, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, type TestUser, makeContacts } from './helpers/builders.js';
import { http } from './helpers/http.js';
import { connectedClient } from './helpers/sdk.js';
import { useServer } from './helpers/server.js';
import type { RawSocket } from './helpers/socket.js';

const server = useServer();

// User search, who may find whom, on both engines: user-search.test.ts.

describe('GET /api/rooms?q=', () => {
  let owner: TestUser;
  let outsider: TestUser;
  let invitee: TestUser;
  let ownerSocket: RawSocket;

  beforeAll(async () => {
    owner = await buildUser(server);
    outsider = await buildUser(server);
    invitee = await buildUser(server);
    await makeContacts(server, owner, invitee);
    ownerSocket = await connect(server, owner);
    await buildRoom(ownerSocket, { room: 'Kestrel Public', description: 'Open to all' });
    await buildRoom(ownerSocket, { room: 'Kestrel Secret', description: 'Hidden', isPrivate: true });
    await ownerSocket.ok({ type: 'create_group', room: 'Kestrel Group', members: [invitee.phone] });
    await ownerSocket.ok({ type: 'private', phone: outsider.phone });
  });

  const names = (reply: { body: { rooms: { name: string }[] } }) => reply.body.rooms.map((r) => r.name).sort();

  it('shows public rooms to anyone, with name, description, isPrivate, memberCount and createdAt', async () => {
    const reply = await http(server, 'GET', '/api/rooms?q=Kestrel', { token: outsider.token });
    expect(reply.status).toBe(200);
    expect(reply.body.rooms).toEqual([
      expect.objectContaining({ name: 'Kestrel Public', description: 'Open to all', isPrivate: false, memberCount: 1, createdAt: expect.any(String) }),
    ]);
    const createdAt = reply.body.rooms[0].createdAt as string;
    expect(Number.isNaN(Date.parse(createdAt))).toBe(false);
    expect(Math.abs(Date.now() - Date.parse(createdAt))).toBeLessThan(60_000);
  });

  it('shows a member the private rooms and groups they belong to', async () => {
    expect(names(await http(server, 'GET', '/api/rooms?q=Kestrel', { token: owner.token }))).toEqual(['Kestrel Group', 'Kestrel Public', 'Kestrel Secret']);
    expect(names(await http(server, 'GET', '/api/rooms?q=Kestrel', { token: invitee.token }))).toEqual(['Kestrel Group', 'Kestrel Public']);
  });

  it('never shows a private chat to someone outside it', async () => {
    const reply = await http(server, 'GET', '/api/rooms?q=private_room', { token: invitee.token });
    expect(reply.body).toEqual({ rooms: [] });
  });

  it('counts members: a group made with one other person has 2', async () => {
    const reply = await http(server, 'GET', '/api/rooms?q=Kestrel%20Group', { token: invitee.token });
    expect(reply.body.rooms).toEqual([expect.objectContaining({ name: 'Kestrel Group', isPrivate: true, memberCount: 2 })]);
  });

  it('updates memberCount when someone joins', async () => {
    const socket = await connect(server, outsider);
    await socket.ok({ type: 'create_room', room: 'Kestrel Counting' });
    const joiner = await connect(server, invitee);
    await joiner.ok({ type: 'join', room: 'Kestrel Counting' });
    const reply = await http(server, 'GET', '/api/rooms?q=Kestrel%20Counting', { token: owner.token });
    expect(reply.body.rooms).toEqual([expect.objectContaining({ name: 'Kestrel Counting', memberCount: 2 })]);
  });

  it('answers through the SDK', async () => {
    const client = await connectedClient(server, outsider);
    const rooms = await client.searchRooms('Kestrel Public');
    expect(rooms.map((r) => r.name)).toEqual(['Kestrel Public']);
  });
});
