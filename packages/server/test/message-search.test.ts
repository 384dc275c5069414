import { beforeAll, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, sendMessage, type TestUser } from './helpers/builders.js';
import { describeOnEngines } from './helpers/engines.js';
import { http } from './helpers/http.js';
import type { RawSocket } from './helpers/socket.js';

// One contract: the same queries and answers on both engines.
describeOnEngines('GET /api/search', {}, (server) => {
  let ann: TestUser;
  let ben: TestUser;
  let a: RawSocket;
  let b: RawSocket;

  beforeAll(async () => {
    ann = await buildUser(server);
    ben = await buildUser(server);
    a = await connect(server, ann);
    b = await connect(server, ben);
    await buildRoom(a, { room: 'Search Ann' });
    await buildRoom(b, { room: 'Search Ben Secret', isPrivate: true });
    await sendMessage(a, 'Search Ann', 'Tiếng Việt rất hay, mail ann@example.com about v2.3.1 re-run');
    await sendMessage(a, 'Search Ann', 'Привет мир and 東京の天気');
    const edited = await sendMessage(a, 'Search Ann', 'the old wording');
    await a.ok({ type: 'edit', room: 'Search Ann', target: edited.seq, text: 'the fresh wording' });
    const gone = await sendMessage(a, 'Search Ann', 'vanishing sentence');
    await a.ok({ type: 'delete_message', room: 'Search Ann', target: gone.seq });
    await sendMessage(b, 'Search Ben Secret', 'fresh secret vanishing wording');
  });

  const search = (user: TestUser, params: Record<string, string>) => http(server, 'GET', `/api/search?${new URLSearchParams(params)}`, { token: user.token });
  const texts = async (user: TestUser, q: string) => {
    const reply = await search(user, { q });
    expect(reply.status).toBe(200);
    return (reply.body.results as { text: string }[]).map((r) => r.text);
  };

  it('finds words in any language, accents folded, addresses, versions and substrings', async () => {
    expect(await texts(ann, 'tieng viet')).toHaveLength(1);
    expect(await texts(ann, 'ann@example.com')).toHaveLength(1);
    expect(await texts(ann, 'v2.3.1 re-run')).toHaveLength(1);
    expect(await texts(ann, 'ивет')).toHaveLength(1);
    expect(await texts(ann, '東京の')).toHaveLength(1);
  });

  it('finds an edited message by its new words only, and a deleted one not at all', async () => {
    expect(await texts(ann, 'fresh wording')).toEqual(['the fresh wording']);
    expect(await texts(ann, 'old wording')).toEqual([]);
    expect(await texts(ann, 'vanishing')).toEqual([]);
  });

  it('never shows messages of rooms the caller is not in, and a private room scope does not exist', async () => {
    expect(await texts(ann, 'secret')).toEqual([]);
    expect((await search(ann, { q: 'secret', room: 'Search Ben Secret' })).body.error.code).toBe('room_not_found');
    expect((await search(ann, { q: 'wording in:"Search Ben Secret"' })).body.error.code).toBe('room_not_found');
  });

  it('filters by sender, room, exclusion and date, with highlights in the snippet', async () => {
    const reply = await search(ann, { q: `wording from:me -old on:${new Date().toISOString().slice(0, 10)}`, room: 'Search Ann' });
    expect(reply.body.results).toEqual([expect.objectContaining({ room: 'Search Ann', text: 'the fresh wording', snippet: 'the fresh wording', highlights: [[10, 17]], from: { name: ann.name, phone: ann.phone } })]);
    expect(await texts(ann, `wording before:2000-01-01`)).toEqual([]);
    expect(await texts(ann, `from:${ben.phone} wording`)).toEqual([]);
  });

  it('pages with a cursor', async () => {
    const first = await search(ann, { q: 'from:me', limit: '1' });
    expect(first.body.results).toHaveLength(1);
    const second = await search(ann, { q: 'from:me', limit: '1', cursor: first.body.next as string });
    expect(second.body.results).toHaveLength(1);
    expect(second.body.results[0].seq).not.toBe(first.body.results[0].seq);
  });

  it('answers bad filters and hostile syntax with invalid_input or results, never a 5xx', async () => {
    for (const q of ['"open', 'on:2024-13-01', 'nope:x', 'during:2024', `${'a '.repeat(30)}`]) {
      const reply = await search(ann, { q });
      expect(reply.status, q).toBe(400);
      expect(reply.body.error.code, q).toBe('invalid_input');
    }
    expect((await search(ann, { q: 'x', tz: 'Mars/Base' })).body.error.code).toBe('invalid_input');
    expect((await search(ann, { q: 'x', cursor: 'AAAA' })).body.error.code).toBe('invalid_input');
    for (const q of ['NEAR(a b)', 'OR', 'col:', '*', 'a AND b', '"x" OR "y"', "'; DROP TABLE users; --", '%_\\']) {
      const reply = await search(ann, { q });
      expect([200, 400], q).toContain(reply.status);
    }
  });
});
