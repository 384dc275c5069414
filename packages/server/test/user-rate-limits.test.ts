import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { buildUser, connect, uniqueRoomName } from './helpers/builders.js';
import { http } from './helpers/http.js';
import { useServer } from './helpers/server.js';

const lines: string[] = [];

describe('per-user rate limits', () => {
  const server = useServer({
    logger: createLogger('info', (line) => lines.push(line)),
    limits: {
      framesPerSecond: 1e6,
      frameBurst: 1e6,
      userBudgets: {
        api: { perMinute: 60, burst: 8 },
        search: { perMinute: 60, burst: 3 },
        create: { perMinute: 60, burst: 3 },
        history: { perMinute: 60, burst: 4 },
      },
    },
  });

  it('answers authenticated HTTP requests past the budget with 429 rate_limited and Retry-After, for that user only', async () => {
    const [ann, bob] = [await buildUser(server), await buildUser(server)];
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await http(server, 'GET', '/api/me', { token: ann.token })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
    const refused = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${ann.token}` } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await http(server, 'GET', '/api/me', { token: bob.token })).status).toBe(200);
  });

  it('gives searches a budget of their own, over both search routes', async () => {
    const ann = await buildUser(server);
    const statuses = [];
    for (const path of ['/api/users?q=a', '/api/rooms?q=a', '/api/users?q=b', '/api/rooms?q=b']) statuses.push((await http(server, 'GET', path, { token: ann.token })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await http(server, 'GET', '/api/me', { token: ann.token })).status).toBe(200);
  });

  it('answers heavy WebSocket frames past the budget with a rate_limited error, across the user’s connections, and keeps them open', async () => {
    const ann = await buildUser(server);
    const [a, b] = [await connect(server, ann), await connect(server, ann)];
    expect((await a.request({ type: 'create_room', room: uniqueRoomName() })).type).toBe('ok');
    expect((await b.request({ type: 'create_room', room: uniqueRoomName() })).type).toBe('ok');
    expect((await a.request({ type: 'create_group', room: uniqueRoomName(), members: [ann.phone] })).type).toBe('ok');
    const refused = await b.request({ type: 'create_room', room: uniqueRoomName() });
    expect(refused).toMatchObject({ type: 'error', code: 'rate_limited', message: expect.stringMatching(/^Too many rooms and groups created/) });
    expect((await a.request({ type: 'ping' })).type).toBe('ok');
    expect(b.isOpen).toBe(true);
  });

  it('shares the history budget between the frame and the HTTP route', async () => {
    const ann = await buildUser(server);
    const socket = await connect(server, ann);
    const room = (await socket.ok({ type: 'create_room', room: uniqueRoomName() })).room as string;
    expect((await socket.request({ type: 'history', room })).type).toBe('ok');
    expect((await socket.request({ type: 'history', room })).type).toBe('ok');
    expect((await http(server, 'GET', `/api/rooms/${encodeURIComponent(room)}/messages`, { token: ann.token })).status).toBe(200);
    expect((await http(server, 'GET', `/api/rooms/${encodeURIComponent(room)}/messages`, { token: ann.token })).status).toBe(200);
    expect(await socket.request({ type: 'history', room })).toMatchObject({ type: 'error', code: 'rate_limited' });
  });

  it('logs refusals by user id, without phone numbers or tokens, and folds thousands of them into a few lines', async () => {
    const ann = await buildUser(server);
    const socket = await connect(server, ann);
    const room = (await socket.ok({ type: 'create_room', room: uniqueRoomName() })).room as string;
    lines.length = 0;
    const replies = await Promise.all(Array.from({ length: 3000 }, () => socket.request({ type: 'history', room })));
    expect(replies.filter((r) => r.code === 'rate_limited').length).toBeGreaterThanOrEqual(2990);
    const refusals = lines.filter((l) => l.includes('rate limited'));
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(refusals.length).toBeLessThan(5);
    expect(refusals[0]).toMatch(/WARN rate limited what="history" user=\d+/);
    for (const line of lines) {
      expect(line).not.toContain(ann.phone);
      expect(line).not.toContain(ann.token);
    }
  });
});

describe('failed sign-ins in the log', () => {
  const server = useServer({ logger: createLogger('info', (line) => lines.push(line)) });

  it('are logged with the address, not the phone or the password', async () => {
    const ann = await buildUser(server);
    lines.length = 0;
    expect((await http(server, 'POST', '/api/signin', { body: { phone: ann.phone, password: 'wrong password 42' } })).status).toBe(401);
    // The request log adds its own line for every request; the refusal is the one about sign-in.
    expect(lines.filter((l) => l.includes('sign-in'))).toEqual([expect.stringMatching(/INFO sign-in failed address="127\.0\.0\.1"$/)]);
    expect(lines.join('\n')).not.toMatch(new RegExp(`${ann.phone}|wrong password 42`));
  });
});
