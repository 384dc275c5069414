import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, sendMessage, uniqueRoomName, type TestUser } from './helpers/builders.js';
import { describeOnEngines } from './helpers/engines.js';
import { http } from './helpers/http.js';
import type { TestServer } from './helpers/server.js';
import type { RawSocket } from './helpers/socket.js';

async function upload(server: TestServer, user: TestUser, bytes: Uint8Array, name: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${server.url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${user.token}` }, body: form });
  expect(response.status).toBe(201);
  return ((await response.json()) as { upload: { id: string } }).upload.id;
}

// One contract: the same operators, orders and totals on both engines.
describeOnEngines('GET /api/search operators, sort and total', {}, (server) => {
  let ann: TestUser;
  let ben: TestUser;
  let a: RawSocket;
  let b: RawSocket;
  const room = uniqueRoomName('Ops');
  let dm = '';
  const seq: Record<string, number> = {};

  beforeAll(async () => {
    ann = await buildUser(server);
    ben = await buildUser(server);
    a = await connect(server, ann);
    b = await connect(server, ben);
    await buildRoom(a, { room });
    await b.ok({ type: 'join', room });
    seq.kiwis = (await sendMessage(a, room, 'kiwi kiwi kiwi')).seq as number;
    seq.kiwi = (await sendMessage(a, room, 'a kiwi is a fruit that some people like to eat for breakfast every single day')).seq as number;
    seq.link = (await b.ok({ type: 'message', room, text: 'hey look at https://example.org/page', clientMsgId: 'l1', mentions: [ann.phone] })).seq as number;
    const image = await upload(server, ann, await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a6' } }).png().toBuffer(), 'dot.png');
    seq.image = (await a.ok({ type: 'message', room, clientMsgId: 'f1', attachments: [image] })).seq as number;
    const doc = await upload(server, ann, new TextEncoder().encode('figures'), 'report.txt');
    seq.report = (await a.ok({ type: 'message', room, text: 'the quarterly report', clientMsgId: 'f2', attachments: [doc] })).seq as number;
    await b.ok({ type: 'react', room, target: seq.kiwi, emoji: '👍', on: true });
    dm = (await a.ok({ type: 'private', phone: ben.phone })).room as string;
    seq.plan = (await sendMessage(b, dm, 'planning the trip')).seq as number;
    seq.mango1 = (await sendMessage(a, room, 'mango mango')).seq as number;
    seq.mango2 = (await sendMessage(a, room, 'mango mango')).seq as number;
  });

  const search = (user: TestUser, params: Record<string, string>) => http(server, 'GET', `/api/search?${new URLSearchParams(params)}`, { token: user.token });
  const seqs = async (user: TestUser, q: string, extra: Record<string, string> = {}) => {
    const reply = await search(user, { q, ...extra });
    expect(reply.status, `${q}: ${reply.text}`).toBe(200);
    return (reply.body.results as { seq: number }[]).map((r) => r.seq);
  };

  it('finds one’s own messages with from:me, private chats with is:dm, and mentions of oneself with is:mentioned', async () => {
    expect(await seqs(ann, 'from:me')).toEqual([seq.mango2, seq.mango1, seq.report, seq.image, seq.kiwi, seq.kiwis]);
    expect(await seqs(ben, 'from:me')).toEqual([seq.plan, seq.link]);
    expect(await seqs(ann, 'is:dm')).toEqual([seq.plan]);
    expect(await seqs(ann, 'is:mentioned')).toEqual([seq.link]);
    expect(await seqs(ben, 'is:mentioned')).toEqual([]);
  });

  it('finds messages with files, images, links and reactions, a message of files only included', async () => {
    expect(await seqs(ann, 'has:file')).toEqual([seq.report, seq.image]);
    expect(await seqs(ann, 'has:image')).toEqual([seq.image]);
    expect(await seqs(ann, 'has:link')).toEqual([seq.link]);
    expect(await seqs(ann, 'has:reaction')).toEqual([seq.kiwi]);
    expect(await seqs(ann, 'has:file -quarterly')).toEqual([seq.image]);
  });

  it('matches word starts with a trailing star, accents and case folded', async () => {
    expect(await seqs(ann, 'PLA*')).toEqual([seq.plan]);
    expect(await seqs(ann, 'breakf*')).toEqual([seq.kiwi]);
    expect(await seqs(ann, 'ki*')).toEqual([seq.kiwi, seq.kiwis]);
    expect(await seqs(ann, 'kiwi -fru*')).toEqual([seq.kiwis]);
    expect(await seqs(ann, 'rip*')).toEqual([]);
  });

  it('combines operators', async () => {
    expect(await seqs(ann, 'kiwi has:reaction from:me')).toEqual([seq.kiwi]);
    expect(await seqs(ann, 'is:dm from:me')).toEqual([]);
    expect(await seqs(ann, `has:link is:mentioned from:${ben.phone}`, { room })).toEqual([seq.link]);
    expect(await seqs(ann, 'has:file has:image rep*')).toEqual([]);
  });

  it('refuses unknown operators and a star with no word, naming what is known', async () => {
    for (const q of ['is:nope', 'has:nope', 'nope:x', '*', '-*', 'kiwi **', 'has:links']) {
      const reply = await search(ann, { q });
      expect(reply.status, q).toBe(400);
      expect(reply.body.error.code, q).toBe('invalid_input');
    }
    expect((await search(ann, { q: 'is:nope' })).body.error.message).toMatch(/is:dm, is:mentioned/);
    expect((await search(ann, { q: 'has:nope' })).body.error.message).toMatch(/has:file, has:image, has:link, has:reaction/);
    expect((await search(ann, { q: 'x', sort: 'oldest' })).body.error.code).toBe('invalid_input');
  });

  it('sorts by relevance with ties newest first, or by recent, and counts the total', async () => {
    expect(await seqs(ann, 'kiwi')).toEqual([seq.kiwi, seq.kiwis]);
    expect(await seqs(ann, 'kiwi', { sort: 'recent' })).toEqual([seq.kiwi, seq.kiwis]);
    expect(await seqs(ann, 'kiwi', { sort: 'relevance' })).toEqual([seq.kiwis, seq.kiwi]);
    expect(await seqs(ann, 'ki*', { sort: 'relevance' })).toEqual([seq.kiwis, seq.kiwi]);
    expect(await seqs(ann, 'mango', { sort: 'relevance' })).toEqual([seq.mango2, seq.mango1]);
    expect(await seqs(ann, 'has:file', { sort: 'relevance' })).toEqual([seq.report, seq.image]);
    const reply = await search(ann, { q: 'kiwi', limit: '1' });
    expect(reply.body).toMatchObject({ total: 2, next: expect.any(String) });
    expect((await search(ann, { q: 'from:me' })).body.total).toBe(6);
    expect((await search(ben, { q: 'kiwi' })).body.total).toBe(2);
    expect((await search(ann, { q: 'nothing-like-this' })).body).toMatchObject({ results: [], total: 0, next: null });
  });

  it('pages through relevance with its own cursors, and refuses a cursor of the other order', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const reply = await search(ann, { q: 'from:me', sort: 'relevance', limit: '2', ...(cursor ? { cursor } : {}) });
      expect(reply.status).toBe(200);
      seen.push(...(reply.body.results as { seq: number }[]).map((r) => r.seq));
      cursor = reply.body.next ?? undefined;
    } while (cursor);
    expect(seen).toEqual([seq.mango2, seq.mango1, seq.report, seq.image, seq.kiwi, seq.kiwis]);
    const kiwis = await search(ann, { q: 'kiwi', sort: 'relevance', limit: '1' });
    const next = await search(ann, { q: 'kiwi', sort: 'relevance', limit: '1', cursor: kiwis.body.next });
    expect(next.body.results.map((r: { seq: number }) => r.seq)).toEqual([seq.kiwi]);
    const recent = await search(ann, { q: 'kiwi', limit: '1' });
    expect((await search(ann, { q: 'kiwi', sort: 'relevance', cursor: recent.body.next })).body.error.code).toBe('invalid_input');
    expect((await search(ann, { q: 'kiwi', cursor: kiwis.body.next })).body.error.code).toBe('invalid_input');
  });

  it('stops finding a room’s messages once one has left it', async () => {
    const carl = await buildUser(server);
    const c = await connect(server, carl);
    await c.ok({ type: 'join', room });
    expect(await seqs(carl, 'has:reaction')).toEqual([seq.kiwi]);
    await c.ok({ type: 'leave', room });
    expect((await search(carl, { q: 'has:reaction' })).body).toMatchObject({ results: [], total: 0 });
    c.close();
  });
});
