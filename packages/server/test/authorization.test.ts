import { beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type TestUser } from './helpers/builders.js';
import { http } from './helpers/http.js';
import { useServer } from './helpers/server.js';

const server = useServer();

describe('GET /api/health', () => {
  it('answers 200 without a token', async () => {
    const reply = await http(server, 'GET', '/api/health');
    expect(reply.status).toBe(200);
  });
});

describe('protected routes', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await buildUser(server);
  });

  const routes: [string, string][] = [
    ['GET', '/api/me'],
    ['GET', '/api/me/rooms'],
    ['GET', '/api/users?q=a'],
    ['GET', '/api/rooms?q=a'],
    ['GET', '/api/rooms/Lobby/messages'],
    ['POST', '/api/signout'],
  ];

  for (const [method, path] of routes) {
    it(`${method} ${path} answers 401 unauthorized without an Authorization header`, async () => {
      const reply = await http(server, method, path);
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    });

    it(`${method} ${path} answers 401 unauthorized with a token that was never issued`, async () => {
      const reply = await http(server, method, path, { token: 'a'.repeat(43) });
      expect(reply.status).toBe(401);
      expect(reply.body.error.code).toBe('unauthorized');
    });

    it(`${method} ${path} answers 401 unauthorized when a valid token is not sent as a Bearer token`, async () => {
      for (const authorization of [user.token, `Basic ${user.token}`, `Bearer`, `Bearer ${user.token}x`]) {
        const reply = await http(server, method, path, { headers: { authorization } });
        expect(reply.status, authorization.slice(0, 12)).toBe(401);
        expect(reply.body.error.code).toBe('unauthorized');
      }
    });
  }

  it('accepts the same token as a Bearer token', async () => {
    const reply = await http(server, 'GET', '/api/me', { token: user.token });
    expect(reply.status).toBe(200);
  });
});

describe('error bodies', () => {
  it('answer an unknown /api route with a JSON error, not an HTML page', async () => {
    const user = await buildUser(server);
    const reply = await http(server, 'GET', '/api/no-such-route', { token: user.token });
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
    expect(reply.body.error.message).toEqual(expect.any(String));
  });
});
