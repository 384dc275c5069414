import { beforeAll, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, uniqueRoomName, type TestUser } from './helpers/builders.js';
import { describeOnEngines } from './helpers/engines.js';
import { http } from './helpers/http.js';
import { sdkClient } from './helpers/sdk.js';
import type { RawSocket } from './helpers/socket.js';

// People search narrowed by presence and to a room's members; room search by membership and kind.
describeOnEngines('GET /api/users and /api/rooms filters', {}, (server) => {
  let seeker: TestUser;
  let olive: TestUser;
  let bea: TestUser;
  let otto: TestUser;
  let outsider: TestUser;
  let stranger: TestUser;
  const tag = `Flt${process.pid % 1000}`;
  const room = uniqueRoomName(`${tag} Club`);
  const other = uniqueRoomName(`${tag} Other`);
  const group = uniqueRoomName(`${tag} Group`);
  const secret = uniqueRoomName(`${tag} Secret`);
  const open: RawSocket[] = [];

  beforeAll(async () => {
    seeker = await buildUser(server, { name: `Seeker ${tag}` });
    olive = await buildUser(server, { name: `Olive ${tag}` });
    bea = await buildUser(server, { name: `Bea ${tag}` });
    otto = await buildUser(server, { name: `Otto ${tag}` });
    outsider = await buildUser(server, { name: `Outsider ${tag}` });
    stranger = await buildUser(server, { name: `Stranger ${tag}` });
    const s = await connect(server, seeker);
    open.push(s);
    await buildRoom(s, { room });
    await s.ok({ type: 'create_group', room: group, members: [olive.phone] });
    for (const user of [olive, bea, otto]) {
      const socket = await connect(server, user);
      await socket.ok({ type: 'join', room });
      open.push(socket);
    }
    const o = await connect(server, outsider);
    await buildRoom(o, { room: other });
    await o.ok({ type: 'join', room: group }).catch(() => undefined);
    await buildRoom(o, { room: secret, isPrivate: true });
    await o.ok({ type: 'join', room });
    o.close();
    await open[2]!.ok({ type: 'status', status: 'busy' });
    // Otto goes offline; Olive, Bea (busy) and the seeker stay.
    open[3]!.close();
    open.splice(3, 1);
  });

  const users = async (params: Record<string, string>, as = seeker) => {
    const reply = await http(server, 'GET', `/api/users?${new URLSearchParams(params)}`, { token: as.token });
    expect(reply.status, reply.text).toBe(200);
    return (reply.body.users as { name: string }[]).map((u) => u.name.split(' ')[0]);
  };
  const rooms = async (params: Record<string, string>, as = seeker) => {
    const reply = await http(server, 'GET', `/api/rooms?${new URLSearchParams(params)}`, { token: as.token });
    expect(reply.status, reply.text).toBe(200);
    return (reply.body.rooms as { name: string }[]).map((r) => r.name);
  };

  it('narrows people to those online or not, and to a status', async () => {
    expect(await users({ q: tag })).toEqual(['Bea', 'Olive', 'Otto', 'Outsider', 'Seeker']);
    // The closed sockets' sessions end as the server sees them close.
    await expect.poll(() => users({ q: tag, online: 'false' })).toEqual(['Otto', 'Outsider']);
    expect(await users({ q: tag, online: 'true' })).toEqual(['Bea', 'Olive', 'Seeker']);
    expect(await users({ q: tag, online: 'false' })).toEqual(['Otto', 'Outsider']);
    expect(await users({ q: tag, status: 'busy' })).toEqual(['Bea']);
    expect(await users({ q: tag, status: 'offline', limit: '1' })).toEqual(['Otto']);
    expect(await users({ q: tag, online: 'true', status: 'offline' })).toEqual([]);
  });

  it('narrows people to a room’s members, by any part of the name or the start of the phone', async () => {
    expect(await users({ room: group })).toEqual(['Seeker']);
    expect(await users({ room, q: tag })).toEqual(['Bea', 'Olive', 'Otto', 'Outsider', 'Seeker']);
    expect(await users({ room, q: 'liv' })).toEqual(['Olive']);
    expect(await users({ room, q: olive.phone })).toEqual(['Olive']);
    expect(await users({ room, q: stranger.phone })).toEqual([]);
    expect(await users({ room, online: 'false' })).toEqual(['Otto', 'Outsider']);
    expect(await users({ room, limit: '2' })).toEqual(['Bea', 'Olive']);
  });

  it('refuses a room one cannot read and bad filter values, as the other routes do', async () => {
    const hidden = await http(server, 'GET', `/api/users?${new URLSearchParams({ room: secret })}`, { token: seeker.token });
    expect([hidden.status, hidden.body.error.code]).toEqual([404, 'room_not_found']);
    const notMember = await http(server, 'GET', `/api/users?${new URLSearchParams({ room: other })}`, { token: stranger.token });
    expect([notMember.status, notMember.body.error.code]).toEqual([403, 'forbidden']);
    for (const query of ['online=yes', 'status=invisible', 'joined=1', 'kind=direct']) {
      const path = query.startsWith('online') || query.startsWith('status') ? '/api/users' : '/api/rooms';
      const reply = await http(server, 'GET', `${path}?${query}`, { token: seeker.token });
      expect([reply.status, reply.body.error.code], query).toEqual([400, 'invalid_input']);
    }
  });

  it('narrows rooms to those one is in or not, and to a kind', async () => {
    expect(await rooms({ q: tag })).toEqual([room, group, other]);
    expect(await rooms({ q: tag, joined: 'true' })).toEqual([room, group]);
    expect(await rooms({ q: tag, joined: 'false' })).toEqual([other]);
    expect(await rooms({ q: tag, kind: 'group' })).toEqual([group]);
    expect(await rooms({ q: tag, kind: 'room', joined: 'false' })).toEqual([other]);
  });

  it('offers every filter in the SDK', async () => {
    const client = sdkClient(server, seeker);
    expect((await client.searchUsers(tag, 10, { online: false })).map((u) => u.name.split(' ')[0])).toEqual(['Otto', 'Outsider']);
    expect((await client.searchUsers('', 1, { room, status: 'busy' })).map((u) => u.name.split(' ')[0])).toEqual(['Bea']);
    expect((await client.searchRooms(tag, 10, { joined: false, kind: 'room' })).map((r) => r.name)).toEqual([other]);
    const found = await client.searchMessages({ q: 'from:me', sort: 'relevance' });
    expect(found).toMatchObject({ results: [], total: 0, next: null });
  });
});
