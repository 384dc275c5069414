import { describe, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, sendMessage, uniquePhone } from './helpers/builders.js';
import { http } from './helpers/http.js';
import { useServer } from './helpers/server.js';
import { RawSocket, matching } from './helpers/socket.js';

describe('frame rate limit', () => {
  const server = useServer({ limits: { framesPerSecond: 5, frameBurst: 10, rateStrikesBeforeClose: 20 } });

  it('answers frames past the burst with rate_limited, echoing their ids, and keeps the connection', async () => {
    const user = await buildUser(server);
    const socket = await connect(server, user);
    for (let i = 0; i < 14; i++) socket.send({ type: 'ping', id: `p${i}` });
    const replies = await Promise.all(Array.from({ length: 14 }, (_, i) => socket.next(matching({ id: `p${i}` }))));
    const limited = replies.filter((r) => r.type === 'error');
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(limited.every((r) => r.code === 'rate_limited')).toBe(true);
    // The burst is 10 frames, and the auth frame took one of them.
    expect(replies.filter((r) => r.type === 'ok').length).toBeGreaterThanOrEqual(9);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await socket.request({ type: 'ping' })).type).toBe('ok');
  });

  it('closes a connection that keeps flooding with 4429', async () => {
    const user = await buildUser(server);
    const socket = await connect(server, user);
    for (let i = 0; i < 60; i++) socket.send({ type: 'ping', id: i });
    expect((await socket.waitClosed()).code).toBe(4429);
  });

  it('leaves the stored data and other clients alone', async () => {
    const [ann, bob] = [await buildUser(server), await buildUser(server)];
    const a = await connect(server, ann);
    const room = (await buildRoom(a)).room as string;
    await sendMessage(a, room, 'before the flood');
    const flooder = await connect(server, bob);
    for (let i = 0; i < 60; i++) flooder.send({ type: 'ping' });
    await flooder.waitClosed();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await sendMessage(a, room, 'after the flood')).seq).toBe(2);
    const page = await http(server, 'GET', `/api/rooms/${encodeURIComponent(room)}/messages`, { token: ann.token });
    expect(page.body.messages.map((m: { text: string }) => m.text)).toEqual(['after the flood', 'before the flood']);
  });
});

describe('connections per user', () => {
  const server = useServer({ limits: { connectionsPerUser: 2 } });

  it('refuses a third connection with rate_limited and close 4529 (retry later), and keeps the first two', async () => {
    const user = await buildUser(server);
    const [first, second] = [await connect(server, user), await connect(server, user)];
    const third = await RawSocket.open(server.wsUrl);
    const reply = await third.request({ type: 'auth', token: user.token });
    expect(reply).toMatchObject({ type: 'error', code: 'rate_limited' });
    expect((await third.waitClosed()).code).toBe(4529);
    expect((await first.request({ type: 'ping' })).type).toBe('ok');
    await second.close();
    expect((await connect(server, user)).isOpen).toBe(true);
  });

  it('lets no more than the cap in when many connections of one user authenticate at the same moment', async () => {
    const user = await buildUser(server);
    const sockets = await Promise.all(Array.from({ length: 12 }, () => RawSocket.open(server.wsUrl)));
    const replies = await Promise.all(sockets.map((socket) => socket.request({ type: 'auth', token: user.token })));
    expect(replies.filter((r) => r.type === 'ok')).toHaveLength(2);
    expect(replies.filter((r) => r.code === 'rate_limited')).toHaveLength(10);
    // The refused ones' places were never taken: closing an accepted one lets exactly one more in.
    await sockets[replies.findIndex((r) => r.type === 'ok')]!.close();
    const again = await Promise.all(Array.from({ length: 3 }, async () => (await RawSocket.open(server.wsUrl)).request({ type: 'auth', token: user.token })));
    expect(again.filter((r) => r.type === 'ok')).toHaveLength(1);
  });
});

describe('sign-in and sign-up rate limits', () => {
  const server = useServer({ trustProxy: true, limits: { failedSigninsPerPhone: 3, authAttemptsPerAddress: 6, takenPhoneSignupsPerAddress: 2 } });
  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('stops guessing at one phone from one address, with Retry-After, but not its owner elsewhere', async () => {
    const user = await buildUser(server, { password: 'the right one' });
    for (let i = 0; i < 3; i++) {
      const wrong = await http(server, 'POST', '/api/signin', { body: { phone: user.phone, password: `guess ${i}` }, headers: from('10.0.0.1') });
      expect(wrong.status).toBe(401);
    }
    const blocked = await fetch(`${server.url}/api/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...from('10.0.0.1') },
      body: JSON.stringify({ phone: user.phone, password: 'the right one' }),
    });
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(500);
    const owner = await http(server, 'POST', '/api/signin', { body: { phone: user.phone, password: 'the right one' }, headers: from('10.0.0.2') });
    expect(owner.status).toBe(200);
  });

  it('caps password-hashing requests per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const reply = await http(server, 'POST', '/api/signup', { body: { name: 'Flood', phone: uniquePhone(), password: 'password123' }, headers: from('10.0.0.9') });
      statuses.push(reply.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429]);
    const elsewhere = await http(server, 'POST', '/api/signup', { body: { name: 'Calm', phone: uniquePhone(), password: 'password123' }, headers: from('10.0.0.10') });
    expect(elsewhere.status).toBe(201);
  });

  it('limits sign-ups answered phone_taken per address, an IPv6 /64 as one address', async () => {
    const user = await buildUser(server);
    const probe = (address: string) => http(server, 'POST', '/api/signup', { body: { name: 'Probe', phone: user.phone, password: 'password123' }, headers: from(address) });
    expect((await probe('2001:db8:5:6::1')).status).toBe(409);
    expect((await probe('2001:db8:5:6::2')).status).toBe(409);
    const blocked = await probe('2001:db8:5:6:ffff::3');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    expect((await probe('2001:db8:5:7::1')).body.error.code).toBe('phone_taken');
  });
});
