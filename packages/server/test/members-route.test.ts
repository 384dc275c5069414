import { describe, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, publicUser, makeContacts } from './helpers/builders.js';
import { http } from './helpers/http.js';
import { useServer } from './helpers/server.js';

describe('GET /api/rooms/:room/members', () => {
  const server = useServer();

  it('lists the members, longest-standing first, with who is online, to members only', async () => {
    const [ann, bob, cat] = [await buildUser(server), await buildUser(server), await buildUser(server)];
    await makeContacts(server, ann, bob);
    const a = await connect(server, ann);
    const room = (await buildRoom(a, { isPrivate: true })).room as string;
    await a.ok({ type: 'invite', room, members: [bob.phone] });
    const path = `/api/rooms/${encodeURIComponent(room)}/members`;

    const reply = await http(server, 'GET', path, { token: bob.token });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ members: [{ ...publicUser(ann), online: true, status: 'online', text: null, emoji: null, lastSeen: null }, { ...publicUser(bob), online: false, status: 'offline', text: null, emoji: null, lastSeen: null }] });

    const outsider = await http(server, 'GET', path, { token: cat.token });
    // A private room one is not in answers as if it did not exist.
    expect(outsider.status).toBe(404);
    expect(outsider.body.error.code).toBe('room_not_found');
    expect((await http(server, 'GET', '/api/rooms/no%20such%20room/members', { token: cat.token })).body.error.code).toBe('room_not_found');
    expect((await http(server, 'GET', path)).status).toBe(401);
  });
});
