import { limits } from '@parley/protocol';
import { expect, it } from 'vitest';
import { buildRoom, buildUser, connect, uniquePhone } from './helpers/builders.js';
import { describeOnEngines } from './helpers/engines.js';
import { historyPath, http } from './helpers/http.js';
import type { Frame } from './helpers/socket.js';

// PostgreSQL refuses U+0000 in text and numbers past its `integer`; SQLite takes both. The
// protocol refuses them first, so both engines answer invalid_input and nothing reaches storage.
describeOnEngines('strings and numbers that one engine could not store', {}, (server) => {
  it('refuses U+0000 in a room description, a message and its clientMsgId, naming the field', async () => {
    const user = await buildUser(server);
    const socket = await connect(server, user);
    expect(await socket.request({ type: 'create_room', room: 'Nul desc', description: 'a\u0000b' })).toMatchObject({
      type: 'error',
      code: 'invalid_input',
      fields: [{ field: 'description', message: 'must not contain the NUL character (U+0000)' }],
    });
    const room = (await buildRoom(socket)).room as string;
    expect(await socket.request({ type: 'message', room, text: 'a\u0000', clientMsgId: 'n1' })).toMatchObject({ code: 'invalid_input', fields: [{ field: 'text' }] });
    expect(await socket.request({ type: 'message', room, text: 'fine', clientMsgId: 'n\u00002' })).toMatchObject({ code: 'invalid_input', fields: [{ field: 'clientMsgId' }] });
    expect(await socket.request({ type: 'message', room, text: 'fine', clientMsgId: 'n3' })).toMatchObject({ type: 'ok', seq: 1 });
  });

  it('refuses U+0000 in search queries, sign-in and sign-up fields with 400 invalid_input', async () => {
    const user = await buildUser(server);
    for (const path of ['/api/users?q=a%00', '/api/rooms?q=%00']) {
      const reply = await http(server, 'GET', path, { token: user.token });
      expect(reply.status, path).toBe(400);
      expect(reply.body.error).toMatchObject({ code: 'invalid_input', fields: [{ field: 'q' }] });
    }
    const signin = await http(server, 'POST', '/api/signin', { body: { phone: `${user.phone}\u0000`, password: user.password } });
    expect(signin.status).toBe(400);
    expect(signin.body.error.fields).toEqual([{ field: 'phone', message: 'must not contain the NUL character (U+0000)' }]);
    const signup = await http(server, 'POST', '/api/signup', { body: { name: 'Nul\u0000', phone: uniquePhone(), password: 'long enough' } });
    expect(signup.status).toBe(400);
    expect(signup.body.error.fields[0].field).toBe('name');
  });

  it('refuses a seq above 2^31 − 1 in read and history, and accepts 2^31 − 1', async () => {
    const user = await buildUser(server);
    const socket = await connect(server, user);
    const room = (await buildRoom(socket)).room as string;
    await socket.ok({ type: 'message', room, text: 'one', clientMsgId: 'r1' });
    expect(await socket.request({ type: 'read', room, seq: 2 ** 31 })).toMatchObject({ code: 'invalid_input', fields: [{ field: 'seq', message: `must be at most ${limits.seqMax}` }] });
    expect(await socket.request({ type: 'read', room, seq: limits.seqMax })).toMatchObject({ type: 'ok', seq: 1 });
    expect(await socket.request({ type: 'history', room, before: 2 ** 40 })).toMatchObject({ code: 'invalid_input', fields: [{ field: 'before' }] });
    expect((await socket.request({ type: 'history', room, before: limits.seqMax })).messages).toHaveLength(1);
    expect((await http(server, 'GET', historyPath(room, { after: 2 ** 31 }), { token: user.token })).status).toBe(400);
    expect((await http(server, 'GET', historyPath(room, { before: limits.seqMax }), { token: user.token })).body.messages).toHaveLength(1);
  });

  it("never fails another user's messages sent in the same turn as one with U+0000", async () => {
    const [ann, eve] = [await buildUser(server), await buildUser(server)];
    const [a, e] = [await connect(server, ann), await connect(server, eve)];
    const room = (await buildRoom(a)).room as string;
    await e.ok({ type: 'join', room });
    const replies: Promise<Frame>[] = [];
    for (let i = 0; i < 40; i++) {
      replies.push(a.request({ type: 'message', room, text: `fine ${i}`, clientMsgId: `a${i}` }));
      replies.push(e.request({ type: 'message', room, text: `bad\u0000${i}`, clientMsgId: `e${i}` }));
    }
    const answered = await Promise.all(replies);
    expect(answered.filter((_, i) => i % 2 === 0).every((r) => r.type === 'ok')).toBe(true);
    expect(answered.filter((_, i) => i % 2 === 1).every((r) => r.code === 'invalid_input')).toBe(true);
    const page = await http(server, 'GET', historyPath(room, { after: 0, limit: 200 }), { token: ann.token });
    expect(page.body.messages.filter((m: Frame) => m.type === 'message').map((m: Frame) => m.text)).toEqual(Array.from({ length: 40 }, (_, i) => `fine ${i}`));
  });
});
