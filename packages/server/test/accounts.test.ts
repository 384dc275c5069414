import { describe, expect, it } from 'vitest';
import { ParleyError } from '@parley/client';
import { buildUser, connect, signInAgain, uniquePhone } from './helpers/builders.js';
import { http } from './helpers/http.js';
import { sdkClient } from './helpers/sdk.js';
import { useServer } from './helpers/server.js';
import { RawSocket } from './helpers/socket.js';

const server = useServer();

describe('POST /api/signup', () => {
  it('creates the account and answers 201 with the user and nothing else', async () => {
    const phone = uniquePhone();
    const reply = await http(server, 'POST', '/api/signup', { body: { name: 'Ada Lovelace', phone, password: 'analytical engine' } });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ user: { name: 'Ada Lovelace', phone } });
  });

  it('stores the phone normalized: "+84 123-456-789" becomes "84123456789"', async () => {
    const reply = await http(server, 'POST', '/api/signup', { body: { name: 'Minh', phone: '+84 123-456-789', password: 'pho for breakfast' } });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ user: { name: 'Minh', phone: '84123456789' } });
    const signin = await http(server, 'POST', '/api/signin', { body: { phone: '84123456789', password: 'pho for breakfast' } });
    expect(signin.status).toBe(200);
    expect(signin.body.user).toEqual({ name: 'Minh', phone: '84123456789' });
  });

  it('answers 409 phone_taken for a phone that has an account, however it is written', async () => {
    const user = await buildUser(server);
    const decorated = `+${user.phone.slice(0, 3)} ${user.phone.slice(3, 6)}-${user.phone.slice(6)}`;
    for (const phone of [user.phone, decorated]) {
      const reply = await http(server, 'POST', '/api/signup', { body: { name: 'Someone Else', phone, password: 'another password' } });
      expect(reply.status).toBe(409);
      expect(reply.body.error.code).toBe('phone_taken');
      expect(typeof reply.body.error.message).toBe('string');
    }
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['an empty name', { name: '', phone: uniquePhone(), password: 'long enough' }, 'name'],
    ['a blank name', { name: '   ', phone: uniquePhone(), password: 'long enough' }, 'name'],
    ['a 65-character name', { name: 'n'.repeat(65), phone: uniquePhone(), password: 'long enough' }, 'name'],
    ['a missing name', { phone: uniquePhone(), password: 'long enough' }, 'name'],
    ['a name that is a number', { name: 42, phone: uniquePhone(), password: 'long enough' }, 'name'],
    ['a 5-digit phone', { name: 'Shorty', phone: '12345', password: 'long enough' }, 'phone'],
    ['a 16-digit phone', { name: 'Longy', phone: '1234567890123456', password: 'long enough' }, 'phone'],
    ['a phone with letters', { name: 'Letters', phone: '12345abc', password: 'long enough' }, 'phone'],
    ['a missing phone', { name: 'Nophone', password: 'long enough' }, 'phone'],
    ['a 7-character password', { name: 'Weak', phone: uniquePhone(), password: '1234567' }, 'password'],
    ['a missing password', { name: 'Nopass', phone: uniquePhone() }, 'password'],
  ];
  for (const [what, body, field] of invalid) {
    it(`answers 400 invalid_input naming the ${field} for ${what}`, async () => {
      const reply = await http(server, 'POST', '/api/signup', { body });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('invalid_input');
      expect(reply.body.error.message).toContain(field);
    });
  }

  it('accepts a 64-character name, a 15-digit phone and an 8-character password', async () => {
    const name = 'x'.repeat(64);
    const phone = `9${uniquePhone()}1234`.slice(0, 15);
    const reply = await http(server, 'POST', '/api/signup', { body: { name, phone, password: '12345678' } });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ user: { name, phone } });
  });

  it('accepts a 6-digit phone', async () => {
    const reply = await http(server, 'POST', '/api/signup', { body: { name: 'Six', phone: '654321', password: '12345678' } });
    expect(reply.status).toBe(201);
    expect(reply.body.user.phone).toBe('654321');
  });

  it('answers 400 invalid_input for a body that is not JSON', async () => {
    const reply = await http(server, 'POST', '/api/signup', { body: '{not json', headers: {} });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid_input');
  });

  it('works through the SDK', async () => {
    const client = sdkClient(server);
    const phone = uniquePhone();
    await expect(client.signup({ name: 'Grace', phone, password: 'compilers!' })).resolves.toEqual({ name: 'Grace', phone });
  });
});

describe('POST /api/signin', () => {
  it('answers 200 with a token and the user', async () => {
    const user = await buildUser(server);
    const reply = await http(server, 'POST', '/api/signin', { body: { phone: user.phone, password: user.password } });
    expect(reply.status).toBe(200);
    expect(reply.body.user).toEqual({ name: user.name, phone: user.phone });
    expect(typeof reply.body.token).toBe('string');
    // At least 128 random bits, however they are encoded.
    expect(reply.body.token.length).toBeGreaterThanOrEqual(22);
  });

  it('gives a new token on each sign-in', async () => {
    const user = await buildUser(server);
    const second = await signInAgain(server, user);
    expect(second).not.toBe(user.token);
  });

  it('accepts the phone written with + , spaces and dashes', async () => {
    const user = await buildUser(server);
    const reply = await http(server, 'POST', '/api/signin', { body: { phone: `+${user.phone.slice(0, 4)} ${user.phone.slice(4)}`, password: user.password } });
    expect(reply.status).toBe(200);
    expect(reply.body.user.phone).toBe(user.phone);
  });

  it('answers 401 invalid_credentials, the same way, for a wrong password and an unknown phone', async () => {
    const user = await buildUser(server);
    const wrongPassword = await http(server, 'POST', '/api/signin', { body: { phone: user.phone, password: 'not the password' } });
    const unknownPhone = await http(server, 'POST', '/api/signin', { body: { phone: uniquePhone(), password: 'not the password' } });
    expect(wrongPassword.status).toBe(401);
    expect(unknownPhone.status).toBe(401);
    expect(wrongPassword.body.error.code).toBe('invalid_credentials');
    expect(unknownPhone.body).toEqual(wrongPassword.body);
  });

  it('rejects through the SDK with a ParleyError carrying invalid_credentials', async () => {
    const client = sdkClient(server);
    const error = await client.signin({ phone: uniquePhone(), password: 'whatever-123' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyError);
    expect((error as ParleyError).code).toBe('invalid_credentials');
  });
});

describe('GET /api/me', () => {
  it('answers with the signed-in user', async () => {
    const user = await buildUser(server, { name: 'Margaret' });
    const reply = await http(server, 'GET', '/api/me', { token: user.token });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ user: { name: 'Margaret', phone: user.phone } });
  });
});

describe('POST /api/signout', () => {
  it('answers 204 and the token stops working for HTTP at once', async () => {
    const user = await buildUser(server);
    const reply = await http(server, 'POST', '/api/signout', { token: user.token });
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    const me = await http(server, 'GET', '/api/me', { token: user.token });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('unauthorized');
  });

  it('closes every WebSocket opened with that token with 4403, and leaves other sessions alone', async () => {
    const user = await buildUser(server);
    const otherToken = await signInAgain(server, user);
    const first = await connect(server, user);
    const second = await connect(server, user);
    const other = await connect(server, user, otherToken);

    const reply = await http(server, 'POST', '/api/signout', { token: user.token });
    expect(reply.status).toBe(204);
    expect((await first.waitClosed()).code).toBe(4403);
    expect((await second.waitClosed()).code).toBe(4403);

    expect((await other.request({ type: 'ping' })).type).toBe('ok');
    expect((await http(server, 'GET', '/api/me', { token: otherToken })).status).toBe(200);
  });

  it('makes the token useless for a new WebSocket: error unauthorized, then close 4401', async () => {
    const user = await buildUser(server);
    await http(server, 'POST', '/api/signout', { token: user.token });
    const socket = await RawSocket.open(server.wsUrl);
    const reply = await socket.request({ type: 'auth', token: user.token, id: 'a1' });
    expect(reply).toMatchObject({ type: 'error', id: 'a1', code: 'unauthorized' });
    expect((await socket.waitClosed()).code).toBe(4401);
  });

  it('signs out through the SDK too', async () => {
    const user = await buildUser(server);
    const client = sdkClient(server, user);
    await client.connect();
    await client.signout();
    expect((await http(server, 'GET', '/api/me', { token: user.token })).status).toBe(401);
  });
});
