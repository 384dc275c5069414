import { beforeAll, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, type TestUser } from './helpers/builders.js';
import { describeOnEngines } from './helpers/engines.js';
import { http } from './helpers/http.js';
import { connectedClient } from './helpers/sdk.js';
import type { Frame } from './helpers/socket.js';

// The People view: everyone one shares a room with, however many, and nobody else.
describeOnEngines('GET /api/me/people', {}, (server) => {
  let viewer: TestUser;
  let stranger: TestUser;
  let others: TestUser[];

  async function allPages(limit: number): Promise<Frame[]> {
    const people: Frame[] = [];
    let cursor: string | null = null;
    do {
      const reply = await http(server, 'GET', `/api/me/people?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: viewer.token });
      expect(reply.status).toBe(200);
      expect(reply.body.people.length).toBeLessThanOrEqual(limit);
      people.push(...reply.body.people);
      cursor = reply.body.next;
    } while (cursor);
    return people;
  }

  beforeAll(async () => {
    viewer = await buildUser(server, { name: 'Viewer' });
    stranger = await buildUser(server, { name: 'Aaron Stranger' });
    // Names that sort together (the same name twice, accents, case) so that pages meet inside them.
    const names = Array.from({ length: 56 }, (_, i) => `Person ${String(i).padStart(2, '0')}`).concat(['Élodie', 'élodie', 'Twin', 'Twin']);
    others = [];
    for (const name of names) others.push(await buildUser(server, { name }));
    const viewerSocket = await connect(server, viewer);
    const rooms = [(await buildRoom(viewerSocket)).room as string, (await buildRoom(viewerSocket)).room as string];
    // The two rooms overlap: someone in both is listed once.
    for (const [i, user] of others.entries()) {
      const socket = await connect(server, user);
      if (i % 3 !== 0) await socket.ok({ type: 'join', room: rooms[0]! });
      if (i % 3 === 0 || i % 2 === 0) await socket.ok({ type: 'join', room: rooms[1]! });
      await socket.close();
    }
    await viewerSocket.close();
  });

  it('lists every co-member once, by name, page by page, without the caller or strangers', async () => {
    const everyone = await allPages(7);
    expect(everyone).toHaveLength(others.length);
    expect(new Set(everyone.map((p) => p.phone))).toEqual(new Set(others.map((u) => u.phone)));
    expect(everyone.map((p) => p.phone)).not.toContain(viewer.phone);
    expect(everyone.map((p) => p.phone)).not.toContain(stranger.phone);
    expect(everyone[0]).toEqual({ name: 'Person 00', phone: others[0]!.phone, online: false, status: 'offline', text: null, emoji: null, lastSeen: expect.any(String) });
    // The same list whatever the page size.
    expect((await allPages(200)).map((p) => p.phone)).toEqual(everyone.map((p) => p.phone));
  });

  it('shows presence as others see it', async () => {
    const socket = await connect(server, others[5]!);
    const listed = (await allPages(100)).find((p) => p.phone === others[5]!.phone);
    expect(listed).toMatchObject({ online: true, status: 'online' });
    await socket.close();
  });

  it('hands every page through the SDK', async () => {
    const client = await connectedClient(server, viewer);
    expect((await client.people()).map((p) => p.phone).sort()).toEqual(others.map((u) => u.phone).sort());
  });

  it('answers a bad limit or a cursor it did not give out with invalid_input, and 401 when signed out', async () => {
    for (const query of ['limit=0', 'limit=201', 'limit=ten', 'cursor=nonsense', `cursor=${Buffer.from('["a","b"]').toString('base64url')}`, `cursor=${'x'.repeat(500)}`]) {
      const reply = await http(server, 'GET', `/api/me/people?${query}`, { token: viewer.token });
      expect(reply.status, query).toBe(400);
      expect(reply.body.error.code).toBe('invalid_input');
    }
    expect((await http(server, 'GET', '/api/me/people')).status).toBe(401);
  });

  it('is empty for someone who shares no room', async () => {
    expect((await http(server, 'GET', '/api/me/people', { token: stranger.token })).body).toEqual({ people: [], next: null });
  });
});
