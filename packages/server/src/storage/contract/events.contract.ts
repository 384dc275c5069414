import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Storage } from '../storage.js';
import { builders } from './builders.js';

/** The event log and the state derived from it in the same commit, as every Storage implementation must keep them. */
export function eventsContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name} storage: room events and derived state (contract)`, () => {
    let storage: Storage;
    const { commit, buildUser, buildRoom, message, seqOf } = builders(() => storage);
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    const text = async (roomId: number, seq: number, viewer: number) => (await storage.events.history(roomId, { after: seq - 1, limit: 1 }, viewer))[0]?.message;

    it('gives each room its own gap-free seq, in call order, even within one batch', async () => {
      const ann = await buildUser();
      const [a, b] = [await buildRoom(ann), await buildRoom(ann)];
      const results = await Promise.all([message(a.id, ann, 'a1'), message(b.id, ann, 'b1'), message(a.id, ann, 'a2'), message(a.id, ann, 'a3')]);
      expect(results.map((r) => [r.room.id === a.id ? 'a' : 'b', seqOf(r)])).toEqual([['a', 1], ['b', 1], ['a', 2], ['a', 3]]);
      expect((await storage.rooms.findRoomById(a.id))?.lastSeq).toBe(3);
    });

    it('stores a clientMsgId once and returns the first event when it comes again, in the same batch too', async () => {
      const ann = await buildUser();
      const room = await buildRoom(ann);
      const first = await message(room.id, ann, 'hi', { clientMsgId: 'm-1' });
      const again = await message(room.id, ann, 'hi', { clientMsgId: 'm-1' });
      const sameBatch = await Promise.all([message(room.id, ann, 'x', { clientMsgId: 'm-2' }), message(room.id, ann, 'x', { clientMsgId: 'm-2' })]);
      expect(first.duplicate).toBeUndefined();
      expect(again.duplicate).toMatchObject({ seq: first.events[0]!.seq, ts: first.events[0]!.ts });
      expect(again.events).toEqual([]);
      expect(sameBatch.map((r) => [seqOf(r), r.duplicate !== undefined])).toEqual([[2, false], [2, true]]);
      expect(await storage.events.history(room.id, { limit: 10 }, ann.id)).toHaveLength(2);
    });

    it('refuses a message to a room deleted in the same batch, and never lets it land in a room made after', async () => {
      const [ann, bob] = [await buildUser(), await buildUser()];
      const [gone, kept] = [await buildRoom(ann, {}, [ann.id, bob.id]), await buildRoom(ann)];
      const pending = [
        message(gone.id, bob, 'lost'),
        commit({ type: 'delete_room', actorId: ann.id, roomId: gone.id }),
        message(gone.id, bob, 'also lost'),
        message(kept.id, ann, 'kept'),
      ];
      const fresh = buildRoom(ann, { kind: 'group', isPrivate: true });
      const [first, deleted, late, ok] = await Promise.allSettled(pending);
      expect(first).toMatchObject({ status: 'fulfilled' });
      expect(deleted).toMatchObject({ status: 'fulfilled', value: { roomDeleted: true } });
      expect(late).toMatchObject({ status: 'rejected', reason: { code: 'room_not_found' } });
      expect(ok).toMatchObject({ status: 'fulfilled', value: { events: [{ seq: 1 }] } });
      const group = await fresh;
      expect(group.id).not.toBe(gone.id);
      expect(await storage.events.history(group.id, { limit: 10 }, ann.id)).toEqual([]);
    });

    it('refuses a message from someone who stopped being a member earlier in the batch', async () => {
      const [ann, bob] = [await buildUser(), await buildUser()];
      const room = await buildRoom(ann, {}, [ann.id, bob.id]);
      const [left, sent] = await Promise.allSettled([commit({ type: 'leave', actorId: bob.id, roomId: room.id }), message(room.id, bob, 'too late')]);
      expect(left.status).toBe('fulfilled');
      expect(sent).toMatchObject({ status: 'rejected', reason: { code: 'forbidden' } });
      expect((await storage.events.history(room.id, { limit: 10 }, ann.id)).map((e) => e.type)).toEqual(['member']);
    });

    it('pages history newest first below `before`, and oldest first above `after`, with each sender', async () => {
      const ann = await buildUser({ name: 'Ann' });
      const room = await buildRoom(ann);
      for (let i = 1; i <= 5; i++) await message(room.id, ann, `m${i}`);
      const seqs = async (range: Parameters<Storage['events']['history']>[1]) => (await storage.events.history(room.id, range, ann.id)).map((e) => e.seq);
      expect(await seqs({ limit: 2 })).toEqual([5, 4]);
      expect(await seqs({ before: 4, limit: 2 })).toEqual([3, 2]);
      expect(await seqs({ after: 2, limit: 2 })).toEqual([3, 4]);
      expect(await seqs({ after: 2 ** 31 + 1, limit: 2 })).toEqual([]);
      const [latest] = await storage.events.history(room.id, { limit: 1 }, ann.id);
      expect(latest).toMatchObject({ type: 'message', sender: { name: 'Ann', phone: ann.phone }, message: { text: 'm5', deleted: false } });
    });

    it("moves the sender's read marker to their own message, and no one else's", async () => {
      const [ann, bob] = [await buildUser(), await buildUser()];
      const room = await buildRoom(ann, {}, [ann.id, bob.id]);
      await Promise.all([message(room.id, ann, 'one'), message(room.id, ann, 'two')]);
      await message(room.id, bob, 'three');
      const read = async (userId: number) => (await storage.rooms.membership(room.id, userId))?.lastReadSeq;
      expect(await read(ann.id)).toBe(2);
      expect(await read(bob.id)).toBe(3);
    });

    it('keeps the current text of an edited message and every version, and the same text again changes nothing', async () => {
      const ann = await buildUser();
      const room = await buildRoom(ann);
      const seq = seqOf(await message(room.id, ann, 'frist'));
      const edit = await commit({ type: 'edit', actorId: ann.id, roomId: room.id, target: seq, text: 'first' });
      expect(edit.events).toMatchObject([{ type: 'edit', targetSeq: seq, body: { text: 'first' } }]);
      expect((await commit({ type: 'edit', actorId: ann.id, roomId: room.id, target: seq, text: 'first' })).events).toEqual([]);
      expect(await text(room.id, seq, ann.id)).toMatchObject({ text: 'first', stateSeq: edit.events[0]!.seq });
      expect((await text(room.id, seq, ann.id))?.editedAt).toEqual(expect.any(String));
      expect((await storage.events.versions(room.id, seq)).map((v) => v.text)).toEqual(['frist', 'first']);
    });

    it('keeps an edit through later changes to the message in other commits', async () => {
      const [ann, bob] = [await buildUser(), await buildUser()];
      const room = await buildRoom(ann, {}, [ann.id, bob.id]);
      const seq = seqOf(await message(room.id, ann, 'draft'));
      const edit = await commit({ type: 'edit', actorId: ann.id, roomId: room.id, target: seq, text: 'final' });
      const react = await commit({ type: 'react', actorId: bob.id, roomId: room.id, target: seq, emoji: '👍', on: true });
      expect(await text(room.id, seq, bob.id)).toMatchObject({ text: 'final', editedAt: edit.events[0]!.ts, stateSeq: react.events[0]!.seq });
    });

    it('removes a deleted message’s text from the log and its edits, with its reactions and mentions', async () => {
      const [ann, bob] = [await buildUser(), await buildUser()];
      const room = await buildRoom(ann, {}, [ann.id, bob.id]);
      const seq = seqOf(await message(room.id, ann, 'secret one', { mentions: [bob.id] }));
      await commit({ type: 'edit', actorId: ann.id, roomId: room.id, target: seq, text: 'secret two' });
      await commit({ type: 'react', actorId: bob.id, roomId: room.id, target: seq, emoji: '👍', on: true });
      expect((await storage.rooms.roomsOfUser(bob.id, { limit: 5 }))[0]).toMatchObject({ unreadCount: 1, mentionCount: 1 });
      const redact = await commit({ type: 'redact', actorId: ann.id, roomId: room.id, target: seq });
      expect(redact.events).toMatchObject([{ type: 'redact', targetSeq: seq }]);
      const page = await storage.events.history(room.id, { after: 0, limit: 10 }, bob.id);
      expect(JSON.stringify(page)).not.toContain('secret');
      expect(page.find((e) => e.seq === seq)?.message).toMatchObject({ text: null, deleted: true, reactions: [] });
      expect(await storage.events.versions(room.id, seq)).toEqual([]);
      expect((await storage.rooms.roomsOfUser(bob.id, { limit: 5 }))[0]).toMatchObject({ unreadCount: 0, mentionCount: 0 });
      expect((await commit({ type: 'redact', actorId: ann.id, roomId: room.id, target: seq })).events).toEqual([]);
    });

    it('counts reactions per emoji, once per person, with who put them and whether the viewer did', async () => {
      const [ann, bob, cat] = [await buildUser(), await buildUser(), await buildUser()];
      const room = await buildRoom(ann, {}, [ann.id, bob.id, cat.id]);
      const seq = seqOf(await message(room.id, ann, 'hi'));
      const put = (userId: number, emoji: string, on = true) => commit({ type: 'react', actorId: userId, roomId: room.id, target: seq, emoji, on });
      await Promise.all([put(bob.id, '👍'), put(cat.id, '👍'), put(cat.id, '👍'), put(bob.id, '🎉')]);
      const reactions = (await text(room.id, seq, cat.id))?.reactions;
      expect(reactions).toEqual([
        { emoji: '👍', count: 2, userIds: [bob.id, cat.id], me: true },
        { emoji: '🎉', count: 1, userIds: [bob.id], me: false },
      ]);
      expect((await put(bob.id, '👍', false)).events).toHaveLength(1);
      expect((await put(bob.id, '👍', false)).events).toHaveLength(0);
      expect((await text(room.id, seq, ann.id))?.reactions.map((r) => [r.emoji, r.count])).toEqual([['👍', 1], ['🎉', 1]]);
    });

    it('bounds the distinct reactions on a message and per person', async () => {
      const [ann, bob] = [await buildUser(), await buildUser()];
      const room = await buildRoom(ann, {}, [ann.id, bob.id]);
      const seq = seqOf(await message(room.id, ann, 'hi'));
      const emoji = ['😀', '😁', '😂', '🤣', '😃', '😄', '😅', '😆', '😉', '😊', '😋'];
      const outcomes = await Promise.allSettled(emoji.map((e) => commit({ type: 'react', actorId: bob.id, roomId: room.id, target: seq, emoji: e, on: true })));
      expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.code)).toEqual(['too_many_reactions']);
      expect((await text(room.id, seq, bob.id))?.reactions).toHaveLength(10);
    });

    it('quotes the message a reply answers, as it is now', async () => {
      const [ann, bob] = [await buildUser(), await buildUser()];
      const room = await buildRoom(ann, {}, [ann.id, bob.id]);
      const original = seqOf(await message(room.id, ann, 'x'.repeat(300)));
      const reply = await message(room.id, bob, 'agreed', { replyTo: original });
      expect(reply.events[0]!.message?.quote).toEqual({ senderId: ann.id, text: 'x'.repeat(200), deleted: false });
      await commit({ type: 'redact', actorId: ann.id, roomId: room.id, target: original });
      expect((await text(room.id, seqOf(reply), ann.id))?.quote).toEqual({ senderId: ann.id, text: null, deleted: true });
      await expect(message(room.id, bob, 'to nothing', { replyTo: 999 })).rejects.toMatchObject({ code: 'message_not_found' });
    });

    it('counts unread messages by others only, never reactions, edits or member events, and previews the last message', async () => {
      const [ann, bob, cat] = [await buildUser(), await buildUser(), await buildUser()];
      const room = await buildRoom(ann, {}, [ann.id, bob.id]);
      const first = seqOf(await message(room.id, ann, 'one'));
      await message(room.id, ann, 'two');
      await message(room.id, bob, 'mine');
      await commit({ type: 'react', actorId: ann.id, roomId: room.id, target: first, emoji: '👍', on: true });
      await commit({ type: 'edit', actorId: ann.id, roomId: room.id, target: first, text: 'one!' });
      await commit({ type: 'invite', actorId: ann.id, roomId: room.id, userIds: [cat.id] });
      const [listed] = await storage.rooms.roomsOfUser(bob.id, { limit: 5 });
      expect(listed).toMatchObject({ unreadCount: 0, mentionCount: 0 });
      await message(room.id, ann, 'three', { mentions: [bob.id] });
      await message(room.id, ann, 'four');
      expect((await storage.rooms.roomsOfUser(bob.id, { limit: 5 }))[0]).toMatchObject({ unreadCount: 2, mentionCount: 1 });
      expect((await storage.rooms.roomsOfUser(cat.id, { limit: 5 }))[0]).toMatchObject({ unreadCount: 2, mentionCount: 0 });
      await commit({ type: 'react', actorId: ann.id, roomId: room.id, target: first, emoji: '🎉', on: true });
      const previews = await storage.events.lastMessages([room.id], bob.id);
      expect(previews.get(room.id)).toMatchObject({ type: 'message', message: { text: 'four' } });
      expect((await storage.events.lastEvents([room.id], bob.id)).get(room.id)?.type).toBe('reaction');
    });

    it('makes a refused command fail alone, its batch-mates stored', async () => {
      const [ann, bob] = [await buildUser(), await buildUser()];
      const room = await buildRoom(ann);
      const outcomes = await Promise.allSettled([
        message(room.id, ann, 'before'),
        message(room.id, bob, 'not a member'),
        commit({ type: 'edit', actorId: ann.id, roomId: room.id, target: 99, text: 'nothing there' }),
        message(room.id, ann, 'after'),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect((await storage.events.history(room.id, { after: 0, limit: 10 }, ann.id)).map((e) => e.message?.text)).toEqual(['before', 'after']);
    });
  });
}
