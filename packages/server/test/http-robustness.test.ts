import { beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type TestUser } from './helpers/builders.js';
import { http } from './helpers/http.js';
import { useServer } from './helpers/server.js';

const server = useServer();

let user: TestUser;
beforeAll(async () => {
  user = await buildUser(server);
});

describe('HTTP input that is not what the API expects', () => {
  it('answers a JSON body that is not an object with 400 invalid_input', async () => {
    for (const body of ['[1,2]', 'null', '"text"', '12']) {
      const reply = await http(server, 'POST', '/api/signup', { body });
      expect(reply.status, body).toBe(400);
      expect(reply.body.error.code).toBe('invalid_input');
    }
  });

  it('answers a body over the size limit with 413 payload_too_large', async () => {
    const reply = await http(server, 'POST', '/api/signup', { body: { name: 'Big', phone: '123456789', password: 'x'.repeat(2_000_000) } });
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('payload_too_large');
  });

  it('answers sign-in with a malformed phone like an unknown one: 401 invalid_credentials', async () => {
    const malformed = await http(server, 'POST', '/api/signin', { body: { phone: 'not a phone', password: 'whatever-123' } });
    const unknown = await http(server, 'POST', '/api/signin', { body: { phone: '1029384756', password: 'whatever-123' } });
    expect(malformed.status).toBe(401);
    expect(malformed.body).toEqual(unknown.body);
  });

  it('answers sign-in without fields with 400 invalid_input naming them', async () => {
    const reply = await http(server, 'POST', '/api/signin', { body: {} });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid_input');
    expect(reply.body.error.message).toContain('phone');
    expect(reply.body.error.message).toContain('password');
  });

  it('answers a search query over 100 characters or a limit over 50 with 400 invalid_input', async () => {
    for (const path of [`/api/users?q=${'a'.repeat(101)}`, '/api/users?limit=51', `/api/rooms?q=${'a'.repeat(101)}`, '/api/rooms?limit=0']) {
      const reply = await http(server, 'GET', path, { token: user.token });
      expect(reply.status, path).toBe(400);
      expect(reply.body.error.code).toBe('invalid_input');
    }
  });

  it('keeps answering after all of that', async () => {
    expect((await http(server, 'GET', '/api/health')).status).toBe(200);
    expect((await http(server, 'GET', '/api/me', { token: user.token })).status).toBe(200);
  });
});
