import { beforeAll, expect, it } from 'vitest';
import { privateRoomName } from '@parley/protocol';
import { buildRoom, buildUser, connect, makeContacts, type TestUser } from './helpers/builders.js';
import { describeOnEngines } from './helpers/engines.js';
import { http } from './helpers/http.js';
import { connectedClient } from './helpers/sdk.js';
import type { Frame } from './helpers/socket.js';

const notifyPath = (room: string) => `/api/rooms/${encodeURIComponent(room)}/notify`;

// A chat's notification level is the member's own, kept on the server so that every device follows it.
describeOnEngines('PUT /api/rooms/:room/notify', {}, (server) => {
  let ann: TestUser;
  let ben: TestUser;
  let outsider: TestUser;
  let room: string;
  let secret: string;
  let chat: string;

  async function levels(user: TestUser): Promise<Record<string, string>> {
    const reply = await http(server, 'GET', '/api/me/rooms', { token: user.token });
    expect(reply.status).toBe(200);
    return Object.fromEntries(reply.body.rooms.map((r: Frame) => [r.name, r.notify]));
  }

  beforeAll(async () => {
    [ann, ben, outsider] = [await buildUser(server, { name: 'Ann' }), await buildUser(server, { name: 'Ben' }), await buildUser(server, { name: 'Outsider' })];
    await makeContacts(server, ann, ben);
    chat = privateRoomName(ann.phone, ben.phone);
    const annSocket = await connect(server, ann);
    room = (await buildRoom(annSocket)).room as string;
    secret = (await buildRoom(annSocket, { isPrivate: true })).room as string;
    const benSocket = await connect(server, ben);
    await benSocket.ok({ type: 'join', room });
    await Promise.all([annSocket.close(), benSocket.close()]);
  });

  it('starts at the default for the kind of chat: every message in a private chat, mentions in rooms', async () => {
    expect(await levels(ann)).toMatchObject({ [chat]: 'all', [room]: 'mentions', [secret]: 'mentions' });
  });

  it('keeps a level for the member alone, tells all their connections, and nobody else', async () => {
    const [annPhone, annLaptop, benSocket] = [await connect(server, ann), await connect(server, ann), await connect(server, ben)];
    const reply = await http(server, 'PUT', notifyPath(room), { token: ann.token, body: { level: 'none' } });
    expect(reply).toMatchObject({ status: 200, body: { room, notify: 'none' } });
    for (const socket of [annPhone, annLaptop]) expect(await socket.next((f) => f.type === 'notify')).toEqual({ type: 'notify', room, level: 'none' });
    expect((await benSocket.request({ type: 'ping' })).type).toBe('ok');
    expect(benSocket.received((f) => f.type === 'notify')).toEqual([]);
    expect((await levels(ann))[room]).toBe('none');
    expect((await levels(ben))[room]).toBe('mentions');
    // null: back to the default.
    expect((await http(server, 'PUT', notifyPath(room), { token: ann.token, body: { level: null } })).body).toEqual({ room, notify: 'mentions' });
    expect((await levels(ann))[room]).toBe('mentions');
    await Promise.all([annPhone.close(), annLaptop.close(), benSocket.close()]);
  });

  it('is set through the SDK, and the room list carries it', async () => {
    const client = await connectedClient(server, ben);
    const told = new Promise<Frame>((resolve) => client.on('notify', resolve));
    await expect(client.setNotifyLevel(chat, 'mentions')).resolves.toBe('mentions');
    expect(await told).toEqual({ type: 'notify', room: chat, level: 'mentions' });
    expect((await client.myRooms()).find((r) => r.name === chat)?.notify).toBe('mentions');
  });

  it('refuses what is not a level, with invalid_input naming the field, and changes nothing', async () => {
    for (const body of [{ level: 'loud' }, { level: 3 }, {}, { level: 'all', extra: true }, null]) {
      const reply = await http(server, 'PUT', notifyPath(room), { token: ann.token, body });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('invalid_input');
    }
    expect((await levels(ann))[room]).toBe('mentions');
  });

  it('answers a non-member as if a private room did not exist, forbidden for a public one, and 401 when signed out', async () => {
    expect((await http(server, 'PUT', notifyPath(secret), { token: outsider.token, body: { level: 'all' } })).body.error.code).toBe('room_not_found');
    expect((await http(server, 'PUT', notifyPath(chat), { token: outsider.token, body: { level: 'all' } })).body.error.code).toBe('room_not_found');
    expect((await http(server, 'PUT', notifyPath('No such room'), { token: outsider.token, body: { level: 'all' } })).body.error.code).toBe('room_not_found');
    expect((await http(server, 'PUT', notifyPath(room), { token: outsider.token, body: { level: 'all' } })).body.error.code).toBe('forbidden');
    expect((await http(server, 'PUT', notifyPath(room), { body: { level: 'all' } })).status).toBe(401);
  });
});
