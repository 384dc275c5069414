import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateRoomName } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyPath } from './helpers/http.js';
import { runServerProcess, type ServerProcess } from './helpers/process.js';
import { RawSocket } from './helpers/socket.js';

/**
 * A whole session against a real server process, logging at debug, full of strings that must
 * never reach a log: passwords, tokens (real and forged), phone numbers in every form (in
 * bodies, query strings and private room names in URLs), and message text. Then the log is
 * searched for each of them.
 */
describe.each(['json', 'text'] as const)('the %s log of a full session', (format) => {
  const tag = randomBytes(4).toString('hex');
  const canary = {
    password: `canary-password-${tag}`,
    newPassword: `canary-new-password-${tag}`,
    wrongPassword: `canary-wrong-password-${tag}`,
    forgedToken: `canary-forged-token-${tag}-0123456789abcdef`,
    text: `canary message text ${tag}`,
    textInBadFrame: `canary text of a malformed frame ${tag}`,
    phoneA: `+1 555-01${String(parseInt(tag.slice(0, 4), 16) % 100).padStart(2, '0')}-${String(parseInt(tag.slice(4), 16) % 10000).padStart(4, '0')}`,
    phoneB: `+44 20 79${String(parseInt(tag.slice(0, 4), 16) % 100).padStart(2, '0')} ${String(parseInt(tag.slice(4), 16) % 10000).padStart(4, '0')}`,
  };
  const digits = (phone: string) => phone.replace(/\D/g, '');
  let dataDir: string;
  let server: ServerProcess;
  let base: string;
  const tokens: string[] = [];
  let log = '';

  const call = async (method: string, path: string, options: { token?: string; body?: unknown; raw?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(`${base}${path}`, { method, headers, ...(options.raw !== undefined ? { body: options.raw } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined, requestId: response.headers.get('x-request-id') };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-canary-'));
    server = runServerProcess(['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--log-level', 'debug', '--log-format', format]);
    const [, port] = await server.waitForOutput(/listening on http:\/\/127\.0\.0\.1:(\d+)/, 20_000);
    base = `http://127.0.0.1:${port}`;

    expect((await call('POST', '/api/signup', { body: { name: 'Canary A', phone: canary.phoneA, password: canary.password } })).status).toBe(201);
    expect((await call('POST', '/api/signup', { body: { name: 'Canary B', phone: canary.phoneB, password: canary.password } })).status).toBe(201);
    expect((await call('POST', '/api/signup', { body: { name: 'Again', phone: canary.phoneA, password: canary.password } })).status).toBe(409);
    expect((await call('POST', '/api/signin', { body: { phone: canary.phoneA, password: canary.wrongPassword } })).status).toBe(401);
    const signin = await call('POST', '/api/signin', { body: { phone: canary.phoneA, password: canary.password } });
    expect(signin.status).toBe(200);
    const tokenA = signin.body.token as string;
    tokens.push(tokenA);
    const tokenB = (await call('POST', '/api/signin', { body: { phone: canary.phoneB, password: canary.password } })).body.token as string;
    tokens.push(tokenB);

    expect((await call('GET', '/api/me', { token: canary.forgedToken })).status).toBe(401);
    expect((await call('GET', `/api/users?q=${encodeURIComponent(canary.phoneB)}`, { token: tokenA })).status).toBe(200);
    expect((await call('GET', `/api/users?q=${digits(canary.phoneB)}`, { token: tokenA })).status).toBe(200);
    expect((await call('POST', '/api/signin', { raw: `{"phone":"${canary.phoneA}","password":"${canary.password}"` })).status).toBe(400);
    expect((await call('GET', `/api/${digits(canary.phoneA)}/${canary.password}`)).status).toBe(404);

    // Over the WebSocket: a forged token, then a private chat and a message in it.
    const forged = await RawSocket.open(`${base.replace('http', 'ws')}/ws`);
    expect((await forged.request({ type: 'auth', token: canary.forgedToken, id: 1 })).type).toBe('error');
    forged.close();
    const socket = await RawSocket.open(`${base.replace('http', 'ws')}/ws`);
    expect((await socket.request({ type: 'auth', token: tokenA, id: 1 })).type).toBe('ok');
    const room = privateRoomName(canary.phoneA, canary.phoneB);
    expect((await socket.request({ type: 'private', phone: canary.phoneB, id: 2 })).type).toBe('ok');
    expect((await socket.request({ type: 'message', room, text: canary.text, clientMsgId: 'c1', id: 3 })).type).toBe('ok');
    expect((await socket.request({ type: 'message', room, text: canary.textInBadFrame, clientMsgId: 42, id: 4 })).type).toBe('error');
    socket.send(`{"type":"message","room":"${room}","text":"${canary.textInBadFrame}"`);
    expect((await call('GET', historyPath(room, { limit: 10 }), { token: tokenB })).body.messages.at(-1).text).toBe(canary.text);

    const changed = await call('POST', '/api/password', { token: tokenA, body: { oldPassword: canary.password, newPassword: canary.newPassword } });
    expect(changed.status).toBe(200);
    tokens.push(changed.body.token as string);
    expect((await call('POST', '/api/signout', { token: changed.body.token as string })).status).toBe(204);
    socket.close();

    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    log = server.stderr();
  }, 60_000);

  afterAll(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('logs the session: one line per request, each with its request id', () => {
    const requestLines = log.split('\n').filter((line) => line.includes('request completed'));
    expect(requestLines.length).toBeGreaterThanOrEqual(12);
    for (const line of requestLines) expect(line).toMatch(/reqId"?[:=]"[0-9a-f]{12}-[0-9a-z]+"/);
    expect(log).toMatch(/route"?[:=]"\/api\/rooms\/:room\/messages"/);
  });

  if (format === 'json') {
    it('writes every line as one JSON object with a time, a level and a message', () => {
      const lines = log.trim().split('\n');
      for (const line of lines) {
        const event = JSON.parse(line) as Record<string, unknown>;
        expect(typeof event.time).toBe('string');
        expect(['debug', 'info', 'warn', 'error', 'fatal']).toContain(event.level);
        expect(typeof event.msg).toBe('string');
      }
    });
  } else {
    it('writes human sentences', () => {
      expect(log).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z INFO request completed /m);
    });
  }

  it('holds no password, token, phone number or message text', () => {
    expect(log.length).toBeGreaterThan(0);
    const secrets = [
      canary.password,
      canary.newPassword,
      canary.wrongPassword,
      canary.forgedToken,
      ...tokens,
      canary.text,
      canary.textInBadFrame,
      canary.phoneA,
      canary.phoneB,
      digits(canary.phoneA),
      digits(canary.phoneB),
      encodeURIComponent(canary.phoneB),
      tag,
    ];
    for (const secret of secrets) expect(log.includes(secret), `the log holds "${secret}":\n${log}`).toBe(false);
  });
});
