import { beforeAll, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, type TestUser } from './helpers/builders.js';
import { describeOnEngines } from './helpers/engines.js';
import { http } from './helpers/http.js';
import { presenceAbout } from './helpers/presence.js';
import { connectedClient } from './helpers/sdk.js';

// Phone numbers and presence are private: a search finds the people one shares a room with,
// by name or the start of their number, and anyone else only by their whole number.
describeOnEngines('GET /api/users?q=', {}, (server) => {
  let seeker: TestUser;
  let quentin: TestUser;
  let quincy: TestUser;
  let stranger: TestUser;
  let room: string;

  beforeAll(async () => {
    seeker = await buildUser(server, { name: 'Seeker' });
    quentin = await buildUser(server, { name: 'Quentinqx Blake', phone: '3105550101' });
    quincy = await buildUser(server, { name: 'Quincyqx Jones', phone: '3105550202' });
    stranger = await buildUser(server, { name: 'Quentinqx Stranger', phone: '3105550303' });
    const socket = await connect(server, quentin);
    room = (await buildRoom(socket)).room as string;
    const joined = [socket];
    for (const user of [seeker, quincy]) {
      const member = await connect(server, user);
      await member.ok({ type: 'join', room });
      joined.push(member);
    }
    // Everyone offline to begin with.
    for (const member of joined) await member.close();
  });

  const search = async (q: string, as: TestUser = seeker) => {
    const reply = await http(server, 'GET', `/api/users?q=${encodeURIComponent(q)}`, { token: as.token });
    expect(reply.status).toBe(200);
    return reply.body.users as { name: string; phone: string; online?: boolean }[];
  };

  it('finds people one shares a room with by the start of any word of their name, with phone and online state', async () => {
    expect(await search('Quentinqx')).toMatchObject([{ name: 'Quentinqx Blake', phone: quentin.phone, online: false, status: 'offline' }]);
    expect(await search('jon')).toMatchObject([{ name: 'Quincyqx Jones', phone: quincy.phone, online: false, status: 'offline' }]);
    expect(await search('quincyqx j')).toMatchObject([{ name: 'Quincyqx Jones', phone: quincy.phone, online: false, status: 'offline' }]);
  });

  it('does not find a stranger by name, nor by part of their number', async () => {
    expect((await search('Stranger')).map((u) => u.name)).toEqual([]);
    expect((await search('3105550303'.slice(0, 9))).map((u) => u.name)).toEqual([]);
  });

  it('finds a stranger by their whole number, however it is written, without their online state', async () => {
    for (const q of ['3105550303', '+310 555-0303', '310 555 0303']) {
      expect(await search(q), q).toEqual([{ name: 'Quentinqx Stranger', phone: stranger.phone }]);
    }
    // And so the stranger, who shares no room with the seeker, gets no presence from the search.
    await connect(server, stranger);
    expect((await search(stranger.phone))[0]).not.toHaveProperty('online');
  });

  it('lets digits page through co-members only: a number start finds them, never strangers', async () => {
    expect((await search('310555')).map((u) => u.phone)).toEqual([quentin.phone, quincy.phone]);
    expect((await search('310555', stranger)).map((u) => u.phone)).toEqual([stranger.phone]);
  });

  it('lists the people one shares a room with for an empty query, oneself included, and nobody else', async () => {
    expect((await search('')).map((u) => u.name)).toEqual(['Quentinqx Blake', 'Quincyqx Jones', 'Seeker']);
    expect((await search('', stranger)).map((u) => u.name)).toEqual(['Quentinqx Stranger']);
  });

  it('shows online: true while a co-member has a WebSocket open, and false after it closes', async () => {
    const watcher = await connect(server, seeker);
    const socket = await connect(server, quincy);
    expect(await search('Quincyqx')).toMatchObject([{ name: 'Quincyqx Jones', phone: quincy.phone, online: true, status: 'online' }]);
    await socket.close();
    await watcher.next(presenceAbout(quincy.phone, { online: false }));
    expect(await search('Quincyqx')).toMatchObject([{ name: 'Quincyqx Jones', phone: quincy.phone, online: false, status: 'offline' }]);
  });

  it('finds newly signed-up people by name once they share a room', async () => {
    const newcomer = await buildUser(server, { name: 'Zebedee Newcomer' });
    expect(await search('zebedee')).toEqual([]);
    await (await connect(server, newcomer)).ok({ type: 'join', room });
    expect((await search('newcomer')).map((u) => u.name)).toEqual(['Zebedee Newcomer']);
  });

  it('answers through the SDK', async () => {
    const client = await connectedClient(server, seeker);
    await expect(client.searchUsers('Quentinqx')).resolves.toMatchObject([{ name: 'Quentinqx Blake', phone: quentin.phone, online: false, status: 'offline' }]);
  });
});
