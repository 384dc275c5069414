import { beforeAll, describe, expect, it } from 'vitest';
import { buildUser, connect, type TestUser } from './helpers/builders.js';
import { useServer } from './helpers/server.js';
import { RawSocket } from './helpers/socket.js';

const server = useServer();

describe('WebSocket authentication', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await buildUser(server, { name: 'Authy' });
  });

  it('answers auth with ok, the echoed id and the user', async () => {
    const socket = await RawSocket.open(server.wsUrl);
    const reply = await socket.request({ type: 'auth', token: user.token, id: 'hello-1' });
    expect(reply).toEqual({ type: 'ok', id: 'hello-1', user: { name: 'Authy', phone: user.phone } });
  });

  it('echoes a numeric id as a number', async () => {
    const socket = await RawSocket.open(server.wsUrl);
    const reply = await socket.request({ type: 'auth', token: user.token, id: 17 });
    expect(reply.id).toBe(17);
    expect(reply.type).toBe('ok');
  });

  it('answers any other frame before auth with unauthorized, and keeps the connection open for auth', async () => {
    const socket = await RawSocket.open(server.wsUrl);
    const early = await socket.request({ type: 'join', room: 'Lobby', id: 'early' });
    expect(early).toMatchObject({ type: 'error', id: 'early', code: 'unauthorized', message: expect.any(String) });
    const ping = await socket.request({ type: 'ping', id: 'early-ping' });
    expect(ping).toMatchObject({ type: 'error', id: 'early-ping', code: 'unauthorized' });
    expect(socket.isOpen).toBe(true);
    const auth = await socket.request({ type: 'auth', token: user.token, id: 'late' });
    expect(auth).toMatchObject({ type: 'ok', id: 'late' });
    expect(await socket.request({ type: 'ping', id: 'p' })).toMatchObject({ type: 'ok', id: 'p' });
  });

  it('answers a bad token with error unauthorized, then closes with 4401', async () => {
    const socket = await RawSocket.open(server.wsUrl);
    const reply = await socket.request({ type: 'auth', token: 'not-a-real-token', id: 'bad' });
    expect(reply).toMatchObject({ type: 'error', id: 'bad', code: 'unauthorized', message: expect.any(String) });
    expect((await socket.waitClosed()).code).toBe(4401);
  });

  it('closes with 4401 for an empty token', async () => {
    const socket = await RawSocket.open(server.wsUrl);
    const reply = await socket.request({ type: 'auth', token: '', id: 'empty' });
    expect(reply).toMatchObject({ type: 'error', id: 'empty', code: 'unauthorized' });
    expect((await socket.waitClosed()).code).toBe(4401);
  });

  it('lets the SDK-shaped client open several sessions for the same user', async () => {
    const a = await connect(server, user);
    const b = await connect(server, user);
    expect((await a.request({ type: 'ping' })).type).toBe('ok');
    expect((await b.request({ type: 'ping' })).type).toBe('ok');
  });
});

describe('WebSocket auth timeout', () => {
  const quick = useServer({ authTimeoutMs: 300 });

  it('closes a connection that does not authenticate in time with 4408', async () => {
    const socket = await RawSocket.open(quick.wsUrl);
    const started = Date.now();
    const closed = await socket.waitClosed(3000);
    expect(closed.code).toBe(4408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('does not close a connection that authenticated in time', async () => {
    const user = await buildUser(quick);
    const socket = await RawSocket.open(quick.wsUrl);
    await socket.ok({ type: 'auth', token: user.token });
    // A timer that does not fire has no event to await: outlive the deadline, then prove the socket answers.
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await socket.request({ type: 'ping', id: 'still-here' })).type).toBe('ok');
    expect(socket.isOpen).toBe(true);
  });
});

describe('bad frames', () => {
  let user: TestUser;
  let socket: RawSocket;

  beforeAll(async () => {
    user = await buildUser(server);
  });

  const fresh = async () => {
    socket = await connect(server, user);
    return socket;
  };

  const stillOpen = async (s: RawSocket) => {
    const reply = await s.request({ type: 'ping', id: 'alive' });
    expect(reply).toMatchObject({ type: 'ok', id: 'alive' });
  };

  it('answers text that is not JSON with invalid_input and stays open', async () => {
    const s = await fresh();
    s.send('this is not json');
    const error = await s.next((f) => f.type === 'error');
    expect(error).toMatchObject({ type: 'error', code: 'invalid_input', message: expect.any(String) });
    await stillOpen(s);
  });

  it('answers JSON that is not an object with invalid_input and stays open', async () => {
    const s = await fresh();
    for (const text of ['[1,2,3]', 'null', '42', '"auth"']) {
      s.send(text);
      const error = await s.next((f) => f.type === 'error');
      expect(error.code, text).toBe('invalid_input');
    }
    await stillOpen(s);
  });

  it('answers an unknown type with invalid_input echoing the id, and stays open', async () => {
    const s = await fresh();
    const reply = await s.request({ type: 'teleport', room: 'Mars', id: 'u-1' });
    expect(reply).toMatchObject({ type: 'error', id: 'u-1', code: 'invalid_input', message: expect.any(String) });
    await stillOpen(s);
  });

  it('answers a frame without a type with invalid_input echoing the id', async () => {
    const s = await fresh();
    const reply = await s.request({ room: 'Mars', id: 42 });
    expect(reply).toMatchObject({ type: 'error', id: 42, code: 'invalid_input' });
    await stillOpen(s);
  });

  it('answers a missing field with invalid_input that names it, echoing the id', async () => {
    const s = await fresh();
    const reply = await s.request({ type: 'join', id: 'm-1' });
    expect(reply).toMatchObject({ type: 'error', id: 'm-1', code: 'invalid_input' });
    expect(reply.message).toContain('room');
    await stillOpen(s);
  });

  it('answers a mistyped field with invalid_input that names it, echoing the id', async () => {
    const s = await fresh();
    const reply = await s.request({ type: 'message', room: 12, text: 'hi', clientMsgId: 'c1', id: 't-1' });
    expect(reply).toMatchObject({ type: 'error', id: 't-1', code: 'invalid_input' });
    expect(reply.message).toContain('room');
    const second = await s.request({ type: 'create_room', room: 'Typed', isPrivate: 'yes', id: 't-2' });
    expect(second).toMatchObject({ type: 'error', id: 't-2', code: 'invalid_input' });
    expect(second.message).toContain('isPrivate');
    await stillOpen(s);
  });

  it('answers a frame whose id is neither a string nor an integer with invalid_input', async () => {
    const s = await fresh();
    s.send({ type: 'ping', id: { nested: true } });
    const error = await s.next((f) => f.type === 'error');
    expect(error.code).toBe('invalid_input');
    await stillOpen(s);
  });

  it('survives a binary frame', async () => {
    const s = await fresh();
    s.ws.send(Buffer.from([0xff, 0x00, 0x13, 0x37]));
    await stillOpen(s);
  });

  it('answers a frame just under 64 KiB with a normal error and stays open', async () => {
    const s = await fresh();
    const reply = await s.request({ type: 'message', room: 'Anywhere', text: 'x'.repeat(60 * 1024), clientMsgId: 'big', id: 'near-limit' });
    expect(reply).toMatchObject({ type: 'error', id: 'near-limit', code: 'invalid_input' });
    await stillOpen(s);
  });

  it('closes the connection with 1009 when a frame is over 64 KiB', async () => {
    const s = await fresh();
    s.send({ type: 'message', room: 'Anywhere', text: 'x'.repeat(64 * 1024), clientMsgId: 'huge', id: 'over' });
    expect((await s.waitClosed()).code).toBe(1009);
  });

  it('closes an unauthenticated connection with 1009 when a frame is over 64 KiB', async () => {
    const s = await RawSocket.open(server.wsUrl);
    s.send('y'.repeat(64 * 1024 + 1));
    expect((await s.waitClosed()).code).toBe(1009);
  });

  it('answers every frame that has an id exactly once', async () => {
    const s = await fresh();
    const ids = ['a', 'b', 'c', 'd', 'e'];
    s.send({ type: 'ping', id: 'a' });
    s.send({ type: 'nope', id: 'b' });
    s.send({ type: 'join', id: 'c' });
    s.send({ type: 'join', room: 'No Such Room Anywhere', id: 'd' });
    s.send({ type: 'ping', id: 'e' });
    for (const id of ids) await s.next((f) => f.id === id);
    const last = await s.request({ type: 'ping', id: 'barrier' });
    expect(last.type).toBe('ok');
    for (const id of ids) expect(s.received((f) => f.id === id), id).toHaveLength(1);
    expect(s.received((f) => f.id === 'd')[0]).toMatchObject({ type: 'error', code: 'room_not_found' });
  });

  it('answers ping with ok', async () => {
    const s = await fresh();
    expect(await s.request({ type: 'ping', id: 'pp' })).toEqual({ type: 'ok', id: 'pp' });
  });
});
