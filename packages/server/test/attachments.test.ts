import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { roomEventSchema } from '@parley/protocol';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { buildRoom, buildUser, connect, publicUser, type TestUser } from './helpers/builders.js';
import { describeOnEngines } from './helpers/engines.js';
import { historyPath, http } from './helpers/http.js';
import type { TestServer } from './helpers/server.js';
import type { Frame } from './helpers/socket.js';

interface Described {
  id: string;
  name: string;
  type: string;
  size: number;
  width?: number;
  height?: number;
  url: string;
  thumbnailUrl?: string;
}

async function upload(server: TestServer, user: TestUser, bytes: Uint8Array, name: string): Promise<Described> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${server.url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${user.token}` }, body: form });
  expect(response.status).toBe(201);
  return ((await response.json()) as { upload: Described }).upload;
}

const photo = () => sharp({ create: { width: 60, height: 30, channels: 3, background: '#3a6' } }).png().toBuffer();

/** The status of fetching a file as `user` (by header, or by `cookie` when given instead). */
async function fetchStatus(server: TestServer, path: string, auth: { token?: string; cookie?: string }): Promise<number> {
  const headers: Record<string, string> = {};
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  const response = await fetch(`${server.url}${path}`, { headers });
  await response.arrayBuffer();
  return response.status;
}

describeOnEngines('attachments', {}, (server) => {
  async function roomOfTwo() {
    const [ann, bob, eve] = [await buildUser(server, { name: 'Ann' }), await buildUser(server, { name: 'Bob' }), await buildUser(server, { name: 'Eve' })];
    const [a, b] = [await connect(server, ann), await connect(server, bob)];
    const { room } = await buildRoom(a, { isPrivate: false });
    await b.ok({ type: 'join', room });
    return { ann, bob, eve, a, b, room: room as string };
  }
  const latest = async (token: string, room: string) => (await http(server, 'GET', historyPath(room, { limit: 10 }), { token })).body.messages as Frame[];
  const files = async (token: string, room: string) => http(server, 'GET', `/api/rooms/${encodeURIComponent(room)}/files`, { token });

  it('sends files with a caption: the push and history describe them, and members fetch them', async () => {
    const { ann, bob, eve, a, b, room } = await roomOfTwo();
    const image = await upload(server, ann, await photo(), 'garden.png');
    const doc = await upload(server, ann, Buffer.from('minutes of the meeting'), 'minutes.txt');
    const ack = await a.ok({ type: 'message', room, text: 'From Sunday', clientMsgId: 'f1', attachments: [image.id, doc.id] });
    const push = await b.next((f) => f.type === 'message' && f.seq === ack.seq);
    expect(push).toEqual({ type: 'message', room, seq: ack.seq, ts: ack.ts, from: publicUser(ann), text: 'From Sunday', clientMsgId: 'f1', attachments: [image, doc] });
    expect(image).toMatchObject({ type: 'image/png', width: 60, height: 30, thumbnailUrl: `/api/uploads/${image.id}/thumbnail` });
    expect(roomEventSchema.safeParse(push).success).toBe(true);
    expect((await latest(bob.token, room)).find((m) => m.seq === ack.seq)).toMatchObject({ text: 'From Sunday', attachments: [image, doc] });
    for (const path of [image.url, image.thumbnailUrl!, doc.url]) {
      expect(await fetchStatus(server, path, { token: bob.token })).toBe(200);
      expect(await fetchStatus(server, path, { token: eve.token })).toBe(404);
    }
    // The room's Files panel: newest message first, each file with its message and sender.
    const later = await upload(server, bob, Buffer.from('later'), 'later.txt');
    const second = await b.ok({ type: 'message', room, clientMsgId: 'f2', attachments: [later.id] });
    const listed = (await files(ann.token, room)).body.files as Frame[];
    expect(listed.map((f) => [f.name, f.seq, f.from.name])).toEqual([['later.txt', second.seq, 'Bob'], ['garden.png', ack.seq, 'Ann'], ['minutes.txt', ack.seq, 'Ann']]);
    expect((await files(eve.token, room)).body.error.code).toBe('forbidden');
  });

  it('tells a non-member nothing of a private room\'s files: the same answers as for no room and no file', async () => {
    const [ann, eve] = [await buildUser(server, { name: 'Ann' }), await buildUser(server, { name: 'Eve' })];
    const a = await connect(server, ann);
    const { room } = await buildRoom(a, { isPrivate: true });
    const doc = await upload(server, ann, Buffer.from('private'), 'private.txt');
    await a.ok({ type: 'message', room, clientMsgId: 'p1', attachments: [doc.id] });
    const hidden = await files(eve.token, room);
    const missing = await files(eve.token, 'No Such Room Anywhere');
    expect([hidden.status, hidden.body.error.code]).toEqual([missing.status, missing.body.error.code]);
    expect(hidden.body.error.code).toBe('room_not_found');
    const file = await fetch(`${server.url}${doc.url}`, { headers: { authorization: `Bearer ${eve.token}` } });
    const none = await fetch(`${server.url}/api/uploads/AAAAAAAAAAAAAAAAAAAAAA`, { headers: { authorization: `Bearer ${eve.token}` } });
    const [fileBody, noneBody] = [(await file.json()) as { error: { code: string; message: string } }, (await none.json()) as { error: { code: string; message: string } }];
    expect([file.status, fileBody.error]).toEqual([none.status, noneBody.error]);
  });

  it('takes files without text, and refuses what is not the sender\'s own unsent upload', async () => {
    const { ann, bob, a, room } = await roomOfTwo();
    const mine = await upload(server, ann, Buffer.from('one'), 'one.txt');
    const ack = await a.ok({ type: 'message', room, clientMsgId: 'n1', attachments: [mine.id] });
    const shown = (await latest(bob.token, room)).find((m) => m.seq === ack.seq);
    expect(shown).toMatchObject({ attachments: [mine] });
    expect(shown!.text).toBeUndefined();
    const code = async (frame: Frame) => (await a.request({ type: 'message', room, clientMsgId: `x${Math.random()}`, ...frame })).code;
    expect(await code({})).toBe('invalid_input');
    expect(await code({ attachments: [] })).toBe('invalid_input');
    expect(await code({ attachments: [mine.id] })).toBe('invalid_input');
    const bobs = await upload(server, bob, Buffer.from('bob'), 'bob.txt');
    expect(await code({ attachments: [bobs.id] })).toBe('upload_not_found');
    expect(await code({ attachments: ['no-such-upload'] })).toBe('upload_not_found');
    const eleven = await Promise.all(Array.from({ length: 11 }, (_, i) => upload(server, ann, Buffer.from(`f${i}`), `f${i}.txt`)));
    expect(await code({ attachments: eleven.map((u) => u.id) })).toBe('invalid_input');
    expect(await code({ attachments: [eleven[0]!.id, eleven[0]!.id] })).toBe('invalid_input');
    // A refused message stored nothing: the room's newest event is still the first message.
    expect(Math.max(...(await latest(ann.token, room)).map((m) => m.seq as number))).toBe(ack.seq);
    // Two messages racing for one upload (one commit batch): exactly one takes it.
    const contested = eleven[1]!;
    const replies = await Promise.all([a.request({ type: 'message', room, clientMsgId: 'r1', attachments: [contested.id] }), a.request({ type: 'message', room, clientMsgId: 'r2', attachments: [contested.id] })]);
    expect(replies.map((r) => (r.type === 'ok' ? 'ok' : r.code)).sort()).toEqual(['invalid_input', 'ok']);
  });

  it('deleting the message deletes its files for everyone', async () => {
    const { ann, bob, a, b, room } = await roomOfTwo();
    const image = await upload(server, ann, await photo(), 'gone.png');
    const ack = await a.ok({ type: 'message', room, text: 'oops', clientMsgId: 'd1', attachments: [image.id] });
    expect(await fetchStatus(server, image.url, { token: bob.token })).toBe(200);
    await a.ok({ type: 'delete_message', room, target: ack.seq });
    await b.next((f) => f.type === 'redact' && f.target === ack.seq);
    for (const user of [ann, bob]) {
      expect(await fetchStatus(server, image.url, { token: user.token })).toBe(404);
      expect(await fetchStatus(server, image.thumbnailUrl!, { token: user.token })).toBe(404);
    }
    const shown = (await latest(bob.token, room)).find((m) => m.seq === ack.seq);
    expect(shown).toMatchObject({ deleted: true });
    expect(shown!.attachments).toBeUndefined();
    expect((await files(bob.token, room)).body.files).toEqual([]);
  });

  it('a member who leaves loses the files, and a deleted room takes its files with it', async () => {
    const { ann, bob, a, b, room } = await roomOfTwo();
    const doc = await upload(server, ann, Buffer.from('agenda'), 'agenda.txt');
    await a.ok({ type: 'message', room, clientMsgId: 'l1', attachments: [doc.id] });
    expect(await fetchStatus(server, doc.url, { token: bob.token })).toBe(200);
    await b.ok({ type: 'leave', room });
    expect(await fetchStatus(server, doc.url, { token: bob.token })).toBe(404);
    expect(await fetchStatus(server, doc.url, { token: ann.token })).toBe(200);
    await a.ok({ type: 'delete_room', room });
    expect(await fetchStatus(server, doc.url, { token: ann.token })).toBe(404);
  });

  it('lets a browser fetch files by an HttpOnly SameSite=Strict cookie on the file routes only', async () => {
    const { ann, bob, a, room } = await roomOfTwo();
    const doc = await upload(server, ann, Buffer.from('by cookie'), 'cookie.txt');
    await a.ok({ type: 'message', room, clientMsgId: 'c1', attachments: [doc.id] });
    const set = await fetch(`${server.url}/api/uploads/cookie`, { method: 'POST', headers: { authorization: `Bearer ${bob.token}` } });
    expect(set.status).toBe(204);
    const header = set.headers.get('set-cookie')!;
    expect(header).toMatch(/^parley_media=[^;]+; Path=\/api\/uploads; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const cookie = header.split(';')[0]!;
    expect(await fetchStatus(server, doc.url, { cookie })).toBe(200);
    // Never for the rest of the API, and never once the session ended.
    expect((await fetch(`${server.url}/api/me/rooms`, { headers: { cookie } })).status).toBe(401);
    const signout = await fetch(`${server.url}/api/signout`, { method: 'POST', headers: { authorization: `Bearer ${bob.token}` } });
    expect(signout.headers.get('set-cookie')).toMatch(/^parley_media=; Path=\/api\/uploads; .*Max-Age=0$/);
    expect(await fetchStatus(server, doc.url, { cookie })).toBe(401);
  });
});

describeOnEngines('the upload sweeper', { uploads: { unsentTtlMs: 400, sweepIntervalMs: 100, blobGraceMs: 200 } }, (server) => {
  const blobFiles = async () => (await readdir(join(server.dataDir, 'blobs'))).filter((n) => n !== 'tmp');

  it('removes unsent uploads after their time and the bytes of deleted messages, keeping sent files', async () => {
    const ann = await buildUser(server);
    const a = await connect(server, ann);
    const { room } = await buildRoom(a);
    const unsent = await upload(server, ann, Buffer.from('never sent'), 'draft.txt');
    const kept = await upload(server, ann, Buffer.from('sent and kept'), 'kept.txt');
    const deleted = await upload(server, ann, Buffer.from('sent then deleted'), 'deleted.txt');
    await a.ok({ type: 'message', room, clientMsgId: 's1', attachments: [kept.id] });
    const gone = await a.ok({ type: 'message', room, clientMsgId: 's2', attachments: [deleted.id] });
    await a.ok({ type: 'delete_message', room, target: gone.seq });
    expect(await blobFiles()).toHaveLength(3);
    await expect.poll(blobFiles, { timeout: 5000, interval: 100 }).toHaveLength(1);
    expect(await fetchStatus(server, unsent.url, { token: ann.token })).toBe(404);
    expect(await fetchStatus(server, kept.url, { token: ann.token })).toBe(200);
  });
});
