import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, sendMessage, type TestUser } from './helpers/builders.js';
import { http } from './helpers/http.js';
import { useServer } from './helpers/server.js';
import type { Frame } from './helpers/socket.js';
import { presenceAbout, presenceOf } from './helpers/presence.js';

// Short timings, so that idling and batching show within a test: away after 1.5 s without input.
const batchMs = 600;
const server = useServer({ chat: { presence: { graceMs: 300, idleMs: 1500, batchMs } } });

let watcher: TestUser;
let roamer: TestUser;
let loner: TestUser;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  watcher = await buildUser(server, { name: 'Watcher' });
  roamer = await buildUser(server, { name: 'Roamer' });
  loner = await buildUser(server, { name: 'Loner' });
  // Watcher and Roamer share a room; Loner shares none with either.
  const watcherSocket = await connect(server, watcher);
  const { room } = await buildRoom(watcherSocket, { room: 'Porch' });
  const roamerSocket = await connect(server, roamer);
  await roamerSocket.ok({ type: 'join', room });
  await roamerSocket.close();
  await watcherSocket.close();
});

describe('presence', () => {
  // The last test's sessions closed as it ended: their grace period and a batch pass before the
  // next starts, so each test begins with everyone announced offline.
  beforeEach(() => wait(300 + batchMs + 100));

  it('announces the first session and, after the grace period, the last; a second session is not news', async () => {
    const watcherSocket = await connect(server, watcher);
    const first = await connect(server, roamer);
    expect(await watcherSocket.next(presenceAbout(roamer.phone))).toEqual({ type: 'presence', phone: roamer.phone, online: true, status: 'online', text: null, emoji: null, lastSeen: null });
    const second = await connect(server, roamer);
    await first.close();
    const ack = await sendMessage(second, 'Porch', 'still around');
    await watcherSocket.next((f) => f.type === 'message' && f.seq === ack.seq);
    await wait(500);
    expect(presenceOf(watcherSocket.log, roamer.phone)).toHaveLength(1);

    const closedAt = Date.now();
    await second.close();
    const offline = await watcherSocket.next(presenceAbout(roamer.phone, { online: false }), 3000);
    expect(offline).toMatchObject({ type: 'presence', status: 'offline' });
    // Last seen: when the last session closed, to the minute.
    expect(offline.lastSeen).toBe(new Date(Math.floor(closedAt / 60_000) * 60_000).toISOString());
    const listed = (await http(server, 'GET', '/api/rooms/Porch/members', { token: watcher.token })).body.members.find((m: Frame) => m.phone === roamer.phone);
    expect(listed).toMatchObject({ online: false, status: 'offline', lastSeen: offline.lastSeen });
  });

  it('says nothing of a reconnect within the grace period', async () => {
    const watcherSocket = await connect(server, watcher);
    const roamerSocket = await connect(server, roamer);
    await watcherSocket.next(presenceAbout(roamer.phone, { online: true }));
    await roamerSocket.close();
    const again = await connect(server, roamer);
    await wait(800);
    expect(presenceOf(watcherSocket.log, roamer.phone)).toHaveLength(1);
    await again.close();
  });

  it('shows away after the idle time without input in any session, and online again on input', async () => {
    const watcherSocket = await connect(server, watcher);
    const roamerSocket = await connect(server, roamer);
    await watcherSocket.next(presenceAbout(roamer.phone, { status: 'online' }));
    expect(await watcherSocket.next(presenceAbout(roamer.phone, { status: 'away' }), 4000)).toMatchObject({ online: true, status: 'away' });
    const member = (await http(server, 'GET', '/api/rooms/Porch/members', { token: watcher.token })).body.members.find((m: Frame) => m.phone === roamer.phone);
    expect(member).toMatchObject({ online: true, status: 'away' });
    await roamerSocket.ok({ type: 'active' });
    expect(await watcherSocket.next(presenceAbout(roamer.phone, { status: 'online' }), 3000)).toMatchObject({ online: true });
    await roamerSocket.close();
  });

  it('shows busy, and a custom text and emoji that clear by themselves at their time', async () => {
    const watcherSocket = await connect(server, watcher);
    const roamerSocket = await connect(server, roamer);
    await watcherSocket.next(presenceAbout(roamer.phone, { online: true }));
    const until = new Date(Date.now() + 1500).toISOString();
    expect(await roamerSocket.ok({ type: 'status', status: 'busy', text: 'In a meeting', emoji: '📅', until })).toMatchObject({ status: 'busy', text: 'In a meeting', emoji: '📅', until });
    expect(await watcherSocket.next(presenceAbout(roamer.phone, { status: 'busy' }), 3000)).toMatchObject({ text: 'In a meeting', emoji: '📅' });
    expect((await http(server, 'GET', '/api/me', { token: roamer.token })).body.status).toEqual({ status: 'busy', text: 'In a meeting', emoji: '📅', until });
    expect(await watcherSocket.next(presenceAbout(roamer.phone, { status: 'busy', text: null, emoji: null }), 4000)).toBeTruthy();
    expect((await http(server, 'GET', '/api/me', { token: roamer.token })).body.status).toEqual({ status: 'busy', text: null, emoji: null, until: null });
    await roamerSocket.ok({ type: 'status', status: 'online' });
    await roamerSocket.close();
  });

  it('makes an invisible user look offline everywhere: pushes, members, user search, private chat peers', async () => {
    const watcherSocket = await connect(server, watcher);
    const roamerSocket = await connect(server, roamer);
    await watcherSocket.next(presenceAbout(roamer.phone, { online: true }));
    await roamerSocket.ok({ type: 'status', status: 'invisible' });
    expect(await watcherSocket.next(presenceAbout(roamer.phone, { online: false }), 3000)).toMatchObject({ status: 'offline' });
    const seen = (await http(server, 'GET', '/api/rooms/Porch/members', { token: watcher.token })).body.members.find((m: Frame) => m.phone === roamer.phone);
    expect(seen).toMatchObject({ online: false, status: 'offline' });
    expect((await http(server, 'GET', `/api/users?q=Roamer`, { token: watcher.token })).body.users[0]).toMatchObject({ online: false, status: 'offline' });
    const chat = await watcherSocket.ok({ type: 'private', phone: roamer.phone });
    expect(chat.peer).toMatchObject({ online: false, status: 'offline' });
    // Coming and going while invisible is never announced.
    const count = presenceOf(watcherSocket.log, roamer.phone).length;
    await roamerSocket.close();
    const back = await connect(server, roamer);
    await back.ok({ type: 'active' });
    await wait(1200);
    expect(presenceOf(watcherSocket.log, roamer.phone)).toHaveLength(count);
    // Still invisible after reconnecting (the status is stored); visible again on request.
    expect((await http(server, 'GET', '/api/me', { token: roamer.token })).body.status.status).toBe('invisible');
    await back.ok({ type: 'status', status: 'online' });
    expect(await watcherSocket.next(presenceAbout(roamer.phone, { online: true }), 3000)).toMatchObject({ status: 'online' });
    await back.close();
  });

  it('tells no one who shares no room with them, and shows strangers found by number no presence', async () => {
    const lonerSocket = await connect(server, loner);
    const roamerSocket = await connect(server, roamer);
    await roamerSocket.ok({ type: 'status', status: 'busy', text: 'secret' });
    await roamerSocket.close();
    await wait(1500);
    expect(lonerSocket.log.filter((f) => f.type === 'presence' || f.type === 'presences')).toEqual([]);
    const found = (await http(server, 'GET', `/api/users?q=${roamer.phone}`, { token: loner.token })).body.users[0];
    expect(found).toEqual({ name: 'Roamer', phone: roamer.phone });
    const again = await connect(server, roamer);
    await again.ok({ type: 'status', status: 'online' });
    await again.close();
  });

  it('sends each member at most one presence frame per batch (a second by default), however many come and go', async () => {
    const crowd = await Promise.all(Array.from({ length: 12 }, (_, i) => buildUser(server, { name: `Crowd ${i}` })));
    for (const user of crowd) {
      const socket = await connect(server, user);
      await socket.ok({ type: 'join', room: 'Porch' });
      await socket.close();
    }
    await wait(400);
    const watcherSocket = await connect(server, watcher);
    const stamps: number[] = [];
    watcherSocket.ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      if (frame.type === 'presence' || frame.type === 'presences') stamps.push(Date.now());
    });
    // A storm: everyone connects, a few drop and return, all within a second or two.
    const sockets = await Promise.all(crowd.map((u) => connect(server, u)));
    for (const s of sockets.slice(0, 4)) await s.close();
    await Promise.all(crowd.slice(0, 4).map((u) => connect(server, u)));
    await wait(2500);
    const phones = new Set(crowd.map((u) => u.phone));
    const seenPhones = new Set(watcherSocket.log.flatMap((f) => (f.type === 'presence' ? [f.phone] : f.type === 'presences' ? f.users.map((u: Frame) => u.phone) : [])));
    expect([...phones].every((p) => seenPhones.has(p))).toBe(true);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! - stamps[i - 1]!).toBeGreaterThanOrEqual(batchMs - 50);
  }, 20_000);

  it('refuses a bad status frame and keeps the connection', async () => {
    const socket = await connect(server, roamer);
    for (const frame of [
      { type: 'status', status: 'sleeping' },
      { type: 'status', status: 'busy', text: 'x'.repeat(101) },
      { type: 'status', status: 'busy', text: 'two\nlines' },
      { type: 'status', status: 'busy', emoji: 'ab' },
      { type: 'status', status: 'busy', text: 'late', until: '2001-01-01T00:00:00Z' },
      { type: 'status', status: 'busy', until: 'tomorrow' },
    ]) {
      expect(await socket.request(frame)).toMatchObject({ type: 'error', code: 'invalid_input' });
    }
    expect((await socket.request({ type: 'ping' })).type).toBe('ok');
  });
});
