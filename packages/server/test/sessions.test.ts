import { describe, expect, it } from 'vitest';
import { buildUser, connect, signInAgain } from './helpers/builders.js';
import { http } from './helpers/http.js';
import { connectedClient } from './helpers/sdk.js';
import { useServer } from './helpers/server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('POST /api/password', () => {
  const server = useServer();

  it('sets the new password, ends every session of the user at once, and signs this one in anew', async () => {
    const user = await buildUser(server, { password: 'old password' });
    const otherToken = await signInAgain(server, user);
    const [here, there] = [await connect(server, user), await connect(server, user, otherToken)];
    const changed = await http(server, 'POST', '/api/password', { token: user.token, body: { oldPassword: 'old password', newPassword: 'new password' } });
    expect(changed.status).toBe(200);
    expect(changed.body.user).toEqual({ name: user.name, phone: user.phone });
    expect(changed.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const closes = await Promise.all([here.waitClosed(1000), there.waitClosed(1000)]);
    expect(closes.map((c) => c.code)).toEqual([4403, 4403]);
    expect((await http(server, 'GET', '/api/me', { token: user.token })).status).toBe(401);
    expect((await http(server, 'GET', '/api/me', { token: otherToken })).status).toBe(401);
    expect((await http(server, 'GET', '/api/me', { token: changed.body.token })).status).toBe(200);
    expect((await http(server, 'POST', '/api/signin', { body: { phone: user.phone, password: 'old password' } })).status).toBe(401);
    expect((await http(server, 'POST', '/api/signin', { body: { phone: user.phone, password: 'new password' } })).status).toBe(200);
  });

  it('refuses a wrong current password and a short new one, changing nothing', async () => {
    const user = await buildUser(server, { password: 'old password' });
    const wrong = await http(server, 'POST', '/api/password', { token: user.token, body: { oldPassword: 'not it', newPassword: 'new password' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_credentials', fields: [{ field: 'oldPassword', message: 'is incorrect' }] });
    const short = await http(server, 'POST', '/api/password', { token: user.token, body: { oldPassword: 'old password', newPassword: 'short' } });
    expect(short.status).toBe(400);
    expect(short.body.error.fields).toEqual([{ field: 'newPassword', message: 'must be at least 8 characters' }]);
    expect((await http(server, 'GET', '/api/me', { token: user.token })).status).toBe(200);
    expect((await http(server, 'POST', '/api/password', { body: { oldPassword: 'old password', newPassword: 'new password' } })).status).toBe(401);
  });

  it('keeps an SDK client connected through its own password change', async () => {
    const user = await buildUser(server, { password: 'old password' });
    const client = await connectedClient(server, user);
    await client.changePassword('old password', 'new password');
    for (let i = 0; i < 50 && client.state !== 'open'; i++) await sleep(20);
    expect(client.state).toBe('open');
    expect(client.token).not.toBe(user.token);
    expect(await client.ping()).toMatchObject({ type: 'ok' });
  });
});

describe('session expiry', () => {
  describe('when idle', () => {
    const server = useServer({ sessionPolicy: { idleMs: 300, maxAgeMs: 60_000 } });

    it('ends a session unused for longer than the idle time', async () => {
      const user = await buildUser(server);
      expect((await http(server, 'GET', '/api/me', { token: user.token })).status).toBe(200);
      await sleep(400);
      const expired = await http(server, 'GET', '/api/me', { token: user.token });
      expect(expired.status).toBe(401);
      expect(expired.body.error.message).toBe('The session has expired; sign in again.');
    });
  });

  describe('at the end of its lifetime', () => {
    const server = useServer({ sessionPolicy: { idleMs: 60_000, maxAgeMs: 700 }, limits: { sessionRecheckMs: 100 } });

    it('closes the open WebSockets of the session with 4403 and refuses the token', async () => {
      const user = await buildUser(server);
      const socket = await connect(server, user);
      const closed = await socket.waitClosed(2000);
      expect(closed).toEqual({ code: 4403, reason: 'session expired' });
      expect((await http(server, 'GET', '/api/me', { token: user.token })).status).toBe(401);
    });
  });
});
