import { roomEventSchema } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, publicUser, sendMessage, makeContacts } from './helpers/builders.js';
import { describeOnEngines } from './helpers/engines.js';
import { historyPath, http } from './helpers/http.js';
import type { Frame, RawSocket } from './helpers/socket.js';

// Replies, edits, deletes, reactions and mentions through a real server, on both storage engines:
// each is an event with the room's next seq, pushed to every member and folded into history.
describeOnEngines('message actions', {}, (server) => {

  async function threeInARoom() {
    const [ann, bob, cat] = [await buildUser(server, { name: 'Ann' }), await buildUser(server, { name: 'Bob' }), await buildUser(server, { name: 'Cat' })];
    const [a, b, c] = [await connect(server, ann), await connect(server, bob), await connect(server, cat)];
    const { room } = await buildRoom(a);
    await b.ok({ type: 'join', room });
    await c.ok({ type: 'join', room });
    return { ann, bob, cat, a, b, c, room: room as string };
  }

  const latest = async (token: string, room: string, limit = 50) => (await http(server, 'GET', historyPath(room, { limit }), { token })).body.messages as Frame[];
  const pushed = (socket: RawSocket, type: string, room: string) => socket.next((f) => f.type === type && f.room === room);

  describe('replies', () => {
    it('carry replyTo and a quote of the original in the push and in history', async () => {
      const { ann, bob, a, b, room } = await threeInARoom();
      const original = await sendMessage(a, room, 'Lunch at noon?');
      const reply = await b.ok({ type: 'message', room, text: 'Yes!', clientMsgId: 'r1', replyTo: original.seq });
      const push = await a.next((f) => f.type === 'message' && f.seq === reply.seq);
      expect(push).toEqual({ type: 'message', room, seq: reply.seq, ts: reply.ts, from: publicUser(bob), text: 'Yes!', clientMsgId: 'r1', replyTo: original.seq, quote: { from: publicUser(ann), text: 'Lunch at noon?' } });
      expect(roomEventSchema.safeParse(push).success).toBe(true);
      const [inHistory] = await latest(ann.token, room, 1);
      expect(inHistory).toMatchObject({ replyTo: original.seq, quote: { from: publicUser(ann), text: 'Lunch at noon?' } });
    });

    it('quote the first 200 characters, and say so once the original is deleted', async () => {
      const { ann, a, b, room } = await threeInARoom();
      const original = await sendMessage(a, room, 'é'.repeat(300));
      const reply = await b.ok({ type: 'message', room, text: 'long', clientMsgId: 'r2', replyTo: original.seq });
      expect((await latest(ann.token, room, 1))[0]?.quote.text).toBe('é'.repeat(200));
      await a.ok({ type: 'delete_message', room, target: original.seq });
      const page = await latest(ann.token, room, 5);
      expect(page.find((e) => e.seq === reply.seq)?.quote).toEqual({ from: publicUser(ann), deleted: true });
    });

    it('refuse a replyTo that is not a message of the room', async () => {
      const { b, room } = await threeInARoom();
      const reply = await b.request({ type: 'message', room, text: 'to what?', clientMsgId: 'r3', replyTo: 1 });
      expect(reply).toMatchObject({ type: 'error', code: 'message_not_found', fields: [{ field: 'replyTo' }] });
      expect(await b.request({ type: 'message', room, text: 'x', clientMsgId: 'r4', replyTo: -1 })).toMatchObject({ code: 'invalid_input', fields: [{ field: 'replyTo' }] });
    });
  });

  describe('edit', () => {
    it('replaces the text for everyone: ok with its own seq, an edit push, the current text and editedAt in history', async () => {
      const { ann, a, b, room } = await threeInARoom();
      const sent = await sendMessage(a, room, 'teh plan');
      const ack = await a.ok({ type: 'edit', room, target: sent.seq, text: 'the plan' });
      expect(ack).toMatchObject({ room, target: sent.seq, changed: true, seq: sent.seq + 1, ts: expect.any(String) });
      const push = await pushed(b, 'edit', room);
      expect(push).toEqual({ type: 'edit', room, seq: ack.seq, ts: ack.ts, target: sent.seq, text: 'the plan', from: publicUser(ann) });
      const page = await latest(ann.token, room, 2);
      expect(page[0]).toEqual(push);
      expect(page[1]).toMatchObject({ seq: sent.seq, text: 'the plan', editedAt: ack.ts, stateSeq: ack.seq });
    });

    it('keeps earlier versions for the sender only', async () => {
      const { ann, bob, a, room } = await threeInARoom();
      const sent = await sendMessage(a, room, 'v1');
      await a.ok({ type: 'edit', room, target: sent.seq, text: 'v2' });
      await a.ok({ type: 'edit', room, target: sent.seq, text: 'v3' });
      const path = `/api/rooms/${encodeURIComponent(room)}/messages/${sent.seq}/edits`;
      const mine = await http(server, 'GET', path, { token: ann.token });
      expect(mine.body.edits.map((v: Frame) => v.text)).toEqual(['v1', 'v2', 'v3']);
      expect((await http(server, 'GET', path, { token: bob.token })).body.error.code).toBe('forbidden');
      expect((await http(server, 'GET', path.replace(`/${sent.seq}/`, '/9999/'), { token: ann.token })).body.error.code).toBe('message_not_found');
      expect((await http(server, 'GET', path.replace(`/${sent.seq}/`, '/x/'), { token: ann.token })).body.error.code).toBe('invalid_input');
    });

    it('is the sender’s alone, and the same text again stores nothing', async () => {
      const { a, b, room } = await threeInARoom();
      const sent = await sendMessage(a, room, 'mine');
      expect(await b.request({ type: 'edit', room, target: sent.seq, text: 'hijacked' })).toMatchObject({ type: 'error', code: 'forbidden' });
      expect(await a.ok({ type: 'edit', room, target: sent.seq, text: 'mine' })).toMatchObject({ changed: false });
      expect(await a.request({ type: 'edit', room, target: 999, text: 'x' })).toMatchObject({ type: 'error', code: 'message_not_found' });
      expect(await a.request({ type: 'edit', room, target: sent.seq, text: '   ' })).toMatchObject({ type: 'error', code: 'invalid_input', fields: [{ field: 'text' }] });
      expect(await a.request({ type: 'edit', room, target: 1, text: 'a join is no message' })).toMatchObject({ type: 'error', code: 'message_not_found' });
    });
  });

  describe('delete_message', () => {
    it('removes the text for good: a redact push, deleted:true with no text in history, no versions left', async () => {
      const { ann, bob, a, b, room } = await threeInARoom();
      const sent = await sendMessage(a, room, 'oops, my password is hunter2');
      await a.ok({ type: 'edit', room, target: sent.seq, text: 'oops, still hunter2' });
      const ack = await a.ok({ type: 'delete_message', room, target: sent.seq });
      expect(ack).toMatchObject({ changed: true, target: sent.seq });
      expect(await pushed(b, 'redact', room)).toEqual({ type: 'redact', room, seq: ack.seq, ts: ack.ts, target: sent.seq, from: publicUser(ann) });
      const page = await latest(bob.token, room);
      expect(JSON.stringify(page)).not.toContain('hunter2');
      expect(page.find((e) => e.seq === sent.seq)).toMatchObject({ type: 'message', deleted: true });
      expect(page.find((e) => e.seq === sent.seq)).not.toHaveProperty('text');
      expect((await http(server, 'GET', `/api/rooms/${encodeURIComponent(room)}/messages/${sent.seq}/edits`, { token: ann.token })).body.error.code).toBe('message_not_found');
      expect(await a.ok({ type: 'delete_message', room, target: sent.seq })).toMatchObject({ changed: false });
    });

    it('is refused for someone else’s message, and leaves it as it was', async () => {
      const { ann, a, b, room } = await threeInARoom();
      const sent = await sendMessage(a, room, 'stays');
      expect(await b.request({ type: 'delete_message', room, target: sent.seq })).toMatchObject({ type: 'error', code: 'forbidden' });
      expect((await latest(ann.token, room, 1))[0]).toMatchObject({ seq: sent.seq, text: 'stays' });
    });
  });

  describe('react', () => {
    it('pushes each change and shows the reactions aggregated in history, marking one’s own', async () => {
      const { ann, bob, cat, a, b, c, room } = await threeInARoom();
      const sent = await sendMessage(a, room, 'party?');
      const ack = await b.ok({ type: 'react', room, target: sent.seq, emoji: '🎉', on: true });
      expect(await pushed(a, 'reaction', room)).toEqual({ type: 'reaction', room, seq: ack.seq, ts: ack.ts, target: sent.seq, emoji: '🎉', on: true, from: publicUser(bob) });
      await c.ok({ type: 'react', room, target: sent.seq, emoji: '🎉', on: true });
      await c.ok({ type: 'react', room, target: sent.seq, emoji: '👍🏽', on: true });
      const message = (await latest(cat.token, room)).find((e) => e.seq === sent.seq);
      expect(message?.reactions).toEqual([
        { emoji: '🎉', count: 2, me: true, users: [publicUser(bob), publicUser(cat)] },
        { emoji: '👍🏽', count: 1, me: true, users: [publicUser(cat)] },
      ]);
      expect((await latest(ann.token, room)).find((e) => e.seq === sent.seq)?.reactions[0]).toMatchObject({ emoji: '🎉', me: false });
    });

    it('is idempotent, takes one emoji only (ZWJ sequences and flags included), and bounds their number', async () => {
      const { a, b, room } = await threeInARoom();
      const sent = await sendMessage(a, room, 'react to me');
      expect(await b.ok({ type: 'react', room, target: sent.seq, emoji: '👍', on: true })).toMatchObject({ changed: true });
      expect(await b.ok({ type: 'react', room, target: sent.seq, emoji: '👍', on: true })).toMatchObject({ changed: false });
      expect(await b.ok({ type: 'react', room, target: sent.seq, emoji: '👍', on: false })).toMatchObject({ changed: true });
      expect(await b.ok({ type: 'react', room, target: sent.seq, emoji: '👍', on: false })).toMatchObject({ changed: false });
      for (const emoji of ['👨‍👩‍👧', '🇫🇷', '❤️', '1️⃣']) expect(await b.ok({ type: 'react', room, target: sent.seq, emoji, on: true })).toMatchObject({ changed: true });
      for (const emoji of ['a', '👍👍', '', 'x👍', '<b>']) {
        expect(await b.request({ type: 'react', room, target: sent.seq, emoji, on: true }), emoji).toMatchObject({ type: 'error', code: 'invalid_input', fields: [{ field: 'emoji' }] });
      }
      const more = ['😀', '😁', '😂', '🤣', '😃', '😄', '😅'];
      const replies = [];
      for (const emoji of more) replies.push(await b.request({ type: 'react', room, target: sent.seq, emoji, on: true }));
      expect(replies.filter((r) => r.type === 'error').map((r) => r.code)).toEqual(['too_many_reactions']);
    });
  });

  describe('mentions', () => {
    it('are carried as phones, only of members, and counted in the mentioned member’s room list', async () => {
      const { bob, cat, a, room } = await threeInARoom();
      const stranger = await buildUser(server);
      const bad = await a.request({ type: 'message', room, text: 'hey @you', clientMsgId: 'm-bad', mentions: [stranger.phone] });
      expect(bad).toMatchObject({ type: 'error', code: 'invalid_input', fields: [{ field: 'mentions' }] });
      await a.ok({ type: 'message', room, text: 'hey @Bob', clientMsgId: 'm-ok', mentions: [bob.phone] });
      await sendMessage(a, room, 'and everyone');
      const listOf = async (token: string) => ((await http(server, 'GET', '/api/me/rooms', { token })).body.rooms as Frame[]).find((r) => r.name === room);
      expect(await listOf(bob.token)).toMatchObject({ unreadCount: 2, mentionCount: 1, lastMessage: { text: 'and everyone' } });
      expect(await listOf(cat.token)).toMatchObject({ unreadCount: 2, mentionCount: 0 });
      expect((await latest(cat.token, room, 2))[1]).toMatchObject({ text: 'hey @Bob', mentions: [bob.phone] });
    });
  });

  describe('unread counts and previews', () => {
    it('count only others’ messages, and never reactions, edits, deletes or member events; the preview is the last message', async () => {
      const { ann, bob, a, b, c, room } = await threeInARoom();
      const first = await sendMessage(a, room, 'one');
      await sendMessage(b, room, 'from bob');
      await a.ok({ type: 'edit', room, target: first.seq, text: 'one, edited' });
      await c.ok({ type: 'react', room, target: first.seq, emoji: '👍', on: true });
      const outsider = await buildUser(server);
      await makeContacts(server, ann, outsider);
      await a.ok({ type: 'invite', room, members: [outsider.phone] });
      const mine = ((await http(server, 'GET', '/api/me/rooms', { token: bob.token })).body.rooms as Frame[]).find((r) => r.name === room)!;
      // Bob read everything up to his own message; what came after changed messages, not added any.
      expect(mine).toMatchObject({ unreadCount: 0, mentionCount: 0, lastMessage: { text: 'from bob' } });
      expect(mine.lastEntry).toMatchObject({ type: 'system', event: 'invite' });
      const gone = await sendMessage(a, room, 'to be deleted');
      expect(((await http(server, 'GET', '/api/me/rooms', { token: bob.token })).body.rooms as Frame[]).find((r) => r.name === room)).toMatchObject({ unreadCount: 1 });
      await a.ok({ type: 'delete_message', room, target: gone.seq });
      const after = ((await http(server, 'GET', '/api/me/rooms', { token: bob.token })).body.rooms as Frame[]).find((r) => r.name === room)!;
      expect(after).toMatchObject({ unreadCount: 0, lastMessage: { seq: gone.seq, deleted: true } });
    });
  });

  describe('catching up', () => {
    it('gives a member who was away every change by seq, like messages', async () => {
      const { bob, a, room } = await threeInARoom();
      const before = (await latest(bob.token, room, 1))[0]!.seq as number;
      const sent = await sendMessage(a, room, 'draft');
      await a.ok({ type: 'edit', room, target: sent.seq, text: 'final' });
      await a.ok({ type: 'react', room, target: sent.seq, emoji: '✅', on: true });
      const page = (await http(server, 'GET', historyPath(room, { after: before }), { token: bob.token })).body.messages as Frame[];
      expect(page.map((e) => e.type)).toEqual(['message', 'edit', 'reaction']);
      expect(page[0]).toMatchObject({ text: 'final', stateSeq: sent.seq + 2 });
      for (const event of page) expect(roomEventSchema.safeParse(event).success, JSON.stringify(event)).toBe(true);
    });
  });
});
