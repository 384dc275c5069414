import { beforeAll, describe, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, sendMessage, type TestUser } from './helpers/builders.js';
import { historyPath, http } from './helpers/http.js';
import { connectedClient } from './helpers/sdk.js';
import { useServer } from './helpers/server.js';
import type { RawSocket } from './helpers/socket.js';

const server = useServer();

let writer: TestUser;
let stranger: TestUser;
let socket: RawSocket;
let room: string;
/** The seqs of the 60 messages, oldest first; the room's history holds nothing after them. */
let seqs: number[];

beforeAll(async () => {
  writer = await buildUser(server, { name: 'Writer' });
  stranger = await buildUser(server, { name: 'Stranger' });
  socket = await connect(server, writer);
  ({ room } = await buildRoom(socket, { room: 'Archive Room' }));
  seqs = [];
  for (let i = 1; i <= 60; i++) seqs.push((await sendMessage(socket, room, `message ${i}`, `h-${i}`)).seq);
});

const texts = (messages: { text: string }[]) => messages.map((m) => m.text);
const range = (from: number, to: number) => {
  const out: string[] = [];
  for (let i = from; from <= to ? i <= to : i >= to; from <= to ? i++ : i--) out.push(`message ${i}`);
  return out;
};

describe('GET /api/rooms/:room/messages', () => {
  it('answers the newest 50 first by default', async () => {
    const reply = await http(server, 'GET', historyPath(room), { token: writer.token });
    expect(reply.status).toBe(200);
    expect(reply.body.messages).toHaveLength(50);
    expect(texts(reply.body.messages)).toEqual(range(60, 11));
    expect(reply.body.messages[0]).toEqual({
      type: 'message',
      room,
      seq: seqs[59],
      ts: expect.any(String),
      from: { name: 'Writer', phone: writer.phone },
      text: 'message 60',
      clientMsgId: 'h-60',
    });
  });

  it('pages backwards with before: entries with seq below it, newest first', async () => {
    const reply = await http(server, 'GET', historyPath(room, { before: seqs[10]!, limit: 5 }), { token: writer.token });
    expect(texts(reply.body.messages)).toEqual(range(10, 6));
    expect(reply.body.messages.map((m: { seq: number }) => m.seq)).toEqual([seqs[9], seqs[8], seqs[7], seqs[6], seqs[5]]);
  });

  it('catches up with after: entries with seq above it, oldest first', async () => {
    const reply = await http(server, 'GET', historyPath(room, { after: seqs[54]!, limit: 3 }), { token: writer.token });
    expect(texts(reply.body.messages)).toEqual(range(56, 58));
    const rest = await http(server, 'GET', historyPath(room, { after: seqs[57]! }), { token: writer.token });
    expect(texts(rest.body.messages)).toEqual(range(59, 60));
  });

  it('answers an empty page after the newest entry', async () => {
    const reply = await http(server, 'GET', historyPath(room, { after: seqs[59]! }), { token: writer.token });
    expect(reply.body).toEqual({ messages: [] });
  });

  it('gives up to 200 entries with limit=200', async () => {
    const reply = await http(server, 'GET', historyPath(room, { limit: 200 }), { token: writer.token });
    expect(reply.status).toBe(200);
    expect(texts(reply.body.messages.filter((e: { type: string }) => e.type === 'message'))).toEqual(range(60, 1));
  });

  it('gives exactly one entry with limit=1', async () => {
    const reply = await http(server, 'GET', historyPath(room, { limit: 1 }), { token: writer.token });
    expect(texts(reply.body.messages)).toEqual(['message 60']);
  });

  for (const [what, query] of [
    ['limit=201', { limit: 201 }],
    ['limit=0', { limit: 0 }],
    ['limit=-1', { limit: -1 }],
    ['limit=abc', { limit: 'abc' }],
    ['before=x', { before: 'x' }],
    ['both before and after', { before: 10, after: 2 }],
  ] as [string, Record<string, string | number>][]) {
    it(`answers 400 invalid_input for ${what}`, async () => {
      const reply = await http(server, 'GET', historyPath(room, query), { token: writer.token });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('invalid_input');
    });
  }

  it('answers 403 forbidden to someone who is not a member', async () => {
    const reply = await http(server, 'GET', historyPath(room), { token: stranger.token });
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('forbidden');
  });

  it('answers 404 room_not_found for a room that does not exist', async () => {
    const reply = await http(server, 'GET', historyPath('Nowhere At All'), { token: writer.token });
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('room_not_found');
  });

  it('finds a room whose name needs URL encoding', async () => {
    const { room: odd } = await buildRoom(socket, { room: 'Café / Bar ? #1' });
    await sendMessage(socket, odd, 'encoded');
    const reply = await http(server, 'GET', historyPath(odd, { limit: 1 }), { token: writer.token });
    expect(reply.status).toBe(200);
    expect(texts(reply.body.messages)).toEqual(['encoded']);
  });
});

describe('the history frame', () => {
  it('answers ok with the room and the same page as the HTTP route', async () => {
    const queries: Record<string, number>[] = [{}, { before: seqs[30]!, limit: 7 }, { after: seqs[40]!, limit: 4 }, { limit: 200 }];
    for (const query of queries) {
      const frame = await socket.request({ type: 'history', room, ...query, id: 'hist' });
      const page = await http(server, 'GET', historyPath(room, query), { token: writer.token });
      expect(frame).toEqual({ type: 'ok', id: 'hist', room, messages: page.body.messages });
    }
  });

  it('answers invalid_input for a limit over 200 and for before with after', async () => {
    expect(await socket.request({ type: 'history', room, limit: 201 })).toMatchObject({ type: 'error', code: 'invalid_input' });
    expect(await socket.request({ type: 'history', room, before: 5, after: 1 })).toMatchObject({ type: 'error', code: 'invalid_input' });
  });

  it('answers forbidden to a non-member', async () => {
    const strangerSocket = await connect(server, stranger);
    expect(await strangerSocket.request({ type: 'history', room })).toMatchObject({ type: 'error', code: 'forbidden' });
  });

  it('answers through the SDK, over WebSocket and HTTP alike', async () => {
    const client = await connectedClient(server, writer);
    const overWs = await client.history(room, { limit: 3 });
    const overHttp = await client.historyPage(room, { limit: 3 });
    expect(overWs.map((e) => e.seq)).toEqual([seqs[59], seqs[58], seqs[57]]);
    expect(overHttp).toEqual(overWs);
  });
});
