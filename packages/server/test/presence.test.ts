import { beforeAll, describe, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, sendMessage, type TestUser } from './helpers/builders.js';
import { useServer } from './helpers/server.js';

const server = useServer();

let watcher: TestUser;
let roamer: TestUser;
let loner: TestUser;

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
  it('tells users who share a room when someone’s first session opens and their last one closes', async () => {
    const watcherSocket = await connect(server, watcher);
    const first = await connect(server, roamer);
    expect(await watcherSocket.next((f) => f.type === 'presence' && f.phone === roamer.phone)).toEqual({ type: 'presence', phone: roamer.phone, online: true });

    // A second session is not news, and closing one of two is not either.
    const second = await connect(server, roamer);
    await first.close();
    // Roamer's message after that is the barrier: any presence frame would have come before it.
    const ack = await sendMessage(second, 'Porch', 'still around');
    await watcherSocket.next((f) => f.type === 'message' && f.seq === ack.seq);
    expect(watcherSocket.received((f) => f.type === 'presence' && f.phone === roamer.phone)).toHaveLength(1);

    await second.close();
    expect(await watcherSocket.next((f) => f.type === 'presence' && f.phone === roamer.phone)).toEqual({ type: 'presence', phone: roamer.phone, online: false });
  });

  it('tells no one who shares no room with them', async () => {
    const lonerSocket = await connect(server, loner);
    const roamerSocket = await connect(server, roamer);
    const watcherSocket = await connect(server, watcher);
    await roamerSocket.close();
    await watcherSocket.next((f) => f.type === 'presence' && f.phone === roamer.phone && f.online === false);
    expect((await lonerSocket.request({ type: 'ping' })).type).toBe('ok');
    expect(lonerSocket.received((f) => f.type === 'presence')).toEqual([]);
  });

  it('counts a private chat as a shared room', async () => {
    const lonerSocket = await connect(server, loner);
    await lonerSocket.ok({ type: 'private', phone: watcher.phone });
    const watcherSocket = await connect(server, watcher);
    const roamerSocket = await connect(server, roamer);
    await roamerSocket.close();
    await watcherSocket.next((f) => f.type === 'presence' && f.phone === roamer.phone && f.online === false);
    await lonerSocket.close();
    expect(await watcherSocket.next((f) => f.type === 'presence' && f.phone === loner.phone)).toEqual({ type: 'presence', phone: loner.phone, online: false });
  });

  it('shows online in join replies', async () => {
    const watcherSocket = await connect(server, watcher);
    const reply = await watcherSocket.ok({ type: 'join', room: 'Porch' });
    const members = Object.fromEntries(reply.members.map((m: { phone: string; online: boolean }) => [m.phone, m.online]));
    expect(members).toEqual({ [watcher.phone]: true, [roamer.phone]: false });
  });
});
