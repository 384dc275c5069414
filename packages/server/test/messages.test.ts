import { beforeAll, describe, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, publicUser, sendMessage, signInAgain, type TestUser } from './helpers/builders.js';
import { historyPath, http } from './helpers/http.js';
import { useServer } from './helpers/server.js';
import type { RawSocket } from './helpers/socket.js';

const server = useServer();

let sam: TestUser;
let tia: TestUser;
let uma: TestUser;
let vic: TestUser;

beforeAll(async () => {
  sam = await buildUser(server, { name: 'Sam' });
  tia = await buildUser(server, { name: 'Tia' });
  uma = await buildUser(server, { name: 'Uma' });
  vic = await buildUser(server, { name: 'Vic' });
});

/** A public room created by Sam that Tia and Uma have joined. */
async function roomOfThree(): Promise<{ room: string; sam: RawSocket; tia: RawSocket; uma: RawSocket }> {
  const samSocket = await connect(server, sam);
  const { room } = await buildRoom(samSocket);
  const tiaSocket = await connect(server, tia);
  const umaSocket = await connect(server, uma);
  await tiaSocket.ok({ type: 'join', room });
  await umaSocket.ok({ type: 'join', room });
  return { room, sam: samSocket, tia: tiaSocket, uma: umaSocket };
}

describe('message', () => {
  it('is acknowledged with room, seq, ts and clientMsgId', async () => {
    const socket = await connect(server, sam);
    const { room, info } = await buildRoom(socket);
    const before = Date.now();
    const ack = await socket.request({ type: 'message', room, text: 'hello world', clientMsgId: 'cm-1', id: 'send-1' });
    expect(ack).toEqual({ type: 'ok', id: 'send-1', room, seq: info.lastSeq + 1, ts: expect.any(String), clientMsgId: 'cm-1' });
    const ts = Date.parse(ack.ts);
    expect(ts).toBeGreaterThanOrEqual(before - 1000);
    expect(ts).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('is stored before the ack: the history holds it once the ack arrives', async () => {
    const socket = await connect(server, sam);
    const { room } = await buildRoom(socket);
    const ack = await sendMessage(socket, room, 'written down', 'cm-stored');
    const page = await http(server, 'GET', historyPath(room, { limit: 1 }), { token: sam.token });
    expect(page.body.messages).toEqual([
      { type: 'message', room, seq: ack.seq, ts: ack.ts, from: publicUser(sam), text: 'written down', clientMsgId: 'cm-stored' },
    ]);
  });

  it('gets seqs that rise by exactly 1 per entry, join and leave events included', async () => {
    const samSocket = await connect(server, sam);
    const { room, info } = await buildRoom(samSocket);
    const first = await sendMessage(samSocket, room, 'one');
    const tiaSocket = await connect(server, tia);
    await tiaSocket.ok({ type: 'join', room });
    const second = await sendMessage(samSocket, room, 'two');
    const third = await sendMessage(tiaSocket, room, 'three');
    await tiaSocket.ok({ type: 'leave', room });
    const fourth = await sendMessage(samSocket, room, 'four');
    expect([first.seq, second.seq, third.seq, fourth.seq]).toEqual([info.lastSeq + 1, info.lastSeq + 3, info.lastSeq + 4, info.lastSeq + 6]);
  });

  it('keeps a separate seq per room', async () => {
    const socket = await connect(server, sam);
    const a = await buildRoom(socket);
    const b = await buildRoom(socket);
    const inA = await sendMessage(socket, a.room, 'in a');
    const inB = await sendMessage(socket, b.room, 'in b');
    expect(inA.seq).toBe(a.info.lastSeq + 1);
    expect(inB.seq).toBe(b.info.lastSeq + 1);
  });

  it('reaches every session of every member, the sender’s other session included, in the exact shape', async () => {
    const { room, sam: samSocket, tia: tiaSocket, uma: umaSocket } = await roomOfThree();
    const samOther = await connect(server, sam, await signInAgain(server, sam));
    const tiaOther = await connect(server, tia);
    const ack = await sendMessage(samSocket, room, 'to everyone', 'cm-all');
    const expected = { type: 'message', room, seq: ack.seq, ts: ack.ts, from: publicUser(sam), text: 'to everyone', clientMsgId: 'cm-all' };
    for (const socket of [samOther, tiaSocket, tiaOther, umaSocket]) {
      expect(await socket.next((f) => f.type === 'message' && f.room === room)).toEqual(expected);
    }
  });

  it('is not pushed back to the sending connection, which gets only the ack', async () => {
    const { room, sam: samSocket, tia: tiaSocket } = await roomOfThree();
    const ack = await sendMessage(samSocket, room, 'just the ack for me');
    const reply = await sendMessage(tiaSocket, room, 'barrier');
    await samSocket.next((f) => f.type === 'message' && f.seq === reply.seq);
    expect(samSocket.received((f) => f.type === 'message' && f.seq === ack.seq)).toEqual([]);
  });

  it('does not reach users outside the room', async () => {
    const { room, sam: samSocket, uma: umaSocket } = await roomOfThree();
    const vicSocket = await connect(server, vic);
    await sendMessage(samSocket, room, 'members only');
    await umaSocket.next((f) => f.type === 'message' && f.room === room);
    expect((await vicSocket.request({ type: 'ping' })).type).toBe('ok');
    expect(vicSocket.received((f) => f.type === 'message')).toEqual([]);
  });

  it('answers a repeated clientMsgId with the first reply and stores nothing new', async () => {
    const { room, sam: samSocket, tia: tiaSocket } = await roomOfThree();
    const first = await samSocket.request({ type: 'message', room, text: 'only once', clientMsgId: 'dup-1', id: 'd1' });
    const again = await samSocket.request({ type: 'message', room, text: 'only once', clientMsgId: 'dup-1', id: 'd2' });
    expect(again).toEqual({ ...first, id: 'd2' });

    // Resent on a new connection (what the SDK does after a reconnect): still the same reply.
    const reconnected = await connect(server, sam);
    const third = await reconnected.request({ type: 'message', room, text: 'only once', clientMsgId: 'dup-1', id: 'd3' });
    expect(third).toEqual({ ...first, id: 'd3' });

    const next = await sendMessage(samSocket, room, 'the next one');
    expect(next.seq).toBe(first.seq + 1);
    await tiaSocket.next((f) => f.type === 'message' && f.seq === next.seq);
    expect(tiaSocket.received((f) => f.type === 'message' && f.clientMsgId === 'dup-1')).toHaveLength(1);
    const page = await http(server, 'GET', historyPath(room), { token: sam.token });
    expect(page.body.messages.filter((e: { clientMsgId?: string }) => e.clientMsgId === 'dup-1')).toHaveLength(1);
  });

  it('answers forbidden to a non-member and room_not_found for a room that does not exist', async () => {
    const samSocket = await connect(server, sam);
    const { room } = await buildRoom(samSocket);
    const vicSocket = await connect(server, vic);
    expect(await vicSocket.request({ type: 'message', room, text: 'hi', clientMsgId: 'nm-1' })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await vicSocket.request({ type: 'message', room: 'No Such Place', text: 'hi', clientMsgId: 'nm-2' })).toMatchObject({ type: 'error', code: 'room_not_found' });
  });

  it('accepts text of 1 and of 4000 characters, counting an emoji as one', async () => {
    const socket = await connect(server, sam);
    const { room } = await buildRoom(socket);
    for (const text of ['x', 'y'.repeat(4000), '😀'.repeat(4000)]) {
      const ack = await socket.request({ type: 'message', room, text, clientMsgId: `len-${text.length}` });
      expect(ack.type, `${text.length} UTF-16 units`).toBe('ok');
    }
    const page = await http(server, 'GET', historyPath(room, { limit: 1 }), { token: sam.token });
    expect(page.body.messages[0].text).toBe('😀'.repeat(4000));
  });

  it('refuses empty, blank, 4001-character and missing text with invalid_input naming text', async () => {
    const socket = await connect(server, sam);
    const { room } = await buildRoom(socket);
    for (const text of ['', '   \n ', 'z'.repeat(4001), undefined, 7]) {
      const reply = await socket.request({ type: 'message', room, text, clientMsgId: 'bad-text' });
      expect(reply, JSON.stringify(text)?.slice(0, 10)).toMatchObject({ type: 'error', code: 'invalid_input' });
      expect(reply.message).toContain('text');
    }
    expect(await socket.request({ type: 'message', room, text: 'ok', clientMsgId: '' })).toMatchObject({ type: 'error', code: 'invalid_input' });
    expect(await socket.request({ type: 'message', room, text: 'ok' })).toMatchObject({ type: 'error', code: 'invalid_input' });
  });
});
