import { beforeAll, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, sendMessage, uniqueRoomName, type TestUser } from './helpers/builders.js';
import { describeOnEngines } from './helpers/engines.js';
import { historyPath, http } from './helpers/http.js';
import { sdkClient } from './helpers/sdk.js';

// Jumping to a search result: a page of history centred on its seq, on both engines.
describeOnEngines('GET /api/rooms/:room/messages?around=', {}, (server) => {
  let writer: TestUser;
  let stranger: TestUser;
  const room = uniqueRoomName('Around');
  const privateRoom = uniqueRoomName('Around Private');
  /** Seqs of the 30 messages, oldest first; the room's first event (its creation) comes before them. */
  const seqs: number[] = [];

  beforeAll(async () => {
    writer = await buildUser(server);
    stranger = await buildUser(server);
    const socket = await connect(server, writer);
    await buildRoom(socket, { room });
    await buildRoom(socket, { room: privateRoom, isPrivate: true });
    for (let i = 1; i <= 30; i++) seqs.push((await sendMessage(socket, room, `message ${i}`)).seq as number);
    socket.close();
  });

  const page = async (query: Record<string, number>, token = writer.token) => http(server, 'GET', historyPath(room, query), { token });
  const texts = (messages: { text?: string }[]) => messages.map((m) => m.text);

  it('centres the page on the seq, oldest first: the seq and older ones fill half, newer ones the rest', async () => {
    const reply = await page({ around: seqs[14]!, limit: 5 });
    expect(reply.status).toBe(200);
    expect(texts(reply.body.messages)).toEqual(['message 13', 'message 14', 'message 15', 'message 16', 'message 17']);
    const even = await page({ around: seqs[14]!, limit: 4 });
    expect(texts(even.body.messages)).toEqual(['message 14', 'message 15', 'message 16', 'message 17']);
  });

  it('fills the page from the other side at the end of the room', async () => {
    const last = await page({ around: seqs[29]!, limit: 5 });
    expect(texts(last.body.messages)).toEqual(['message 26', 'message 27', 'message 28', 'message 29', 'message 30']);
    const beyond = await page({ around: seqs[29]! + 1000, limit: 3 });
    expect(texts(beyond.body.messages)).toEqual(['message 28', 'message 29', 'message 30']);
  });

  it('fills the page from the other side at the start of the room', async () => {
    const first = await page({ around: 1, limit: 6 });
    const shown = first.body.messages as { seq: number }[];
    expect(shown.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(shown.map((m) => m.seq)).toContain(seqs[0]);
  });

  it('answers like the history route: invalid_input for a bad or combined seq, forbidden and room_not_found for others', async () => {
    const queries: Record<string, number>[] = [{ around: -1 }, { around: seqs[3]!, before: seqs[5]! }, { around: seqs[3]!, after: seqs[1]! }];
    for (const query of queries) {
      const reply = await page(query);
      expect(reply.status, JSON.stringify(query)).toBe(400);
      expect(reply.body.error.code).toBe('invalid_input');
    }
    const bad = await http(server, 'GET', `${historyPath(room)}?around=abc`, { token: writer.token });
    expect(bad.body.error.code).toBe('invalid_input');
    const notMember = await page({ around: seqs[3]! }, stranger.token);
    expect([notMember.status, notMember.body.error.code]).toEqual([403, 'forbidden']);
    const hidden = await http(server, 'GET', historyPath(privateRoom, { around: 1 }), { token: stranger.token });
    expect([hidden.status, hidden.body.error.code]).toEqual([404, 'room_not_found']);
    const none = await http(server, 'GET', historyPath('No Such Room Around', { around: 1 }), { token: writer.token });
    expect(none.body.error.code).toBe('room_not_found');
  });

  it('is what the SDK’s historyAround asks for', async () => {
    const messages = await sdkClient(server, writer).historyAround(room, seqs[9]!, 3);
    expect(messages.map((m) => ('text' in m ? m.text : undefined))).toEqual(['message 9', 'message 10', 'message 11']);
  });
});
