import { ParleyError } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewRoom, Storage, UserRecord } from './storage.js';

/**
 * The behaviour every Storage implementation must have. Each adapter's test file calls this
 * with a factory that returns a fresh, empty storage.
 */
export function storageContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name} storage (contract)`, () => {
    let storage: Storage;
    let n = 0;

    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    const buildUser = (overrides: Partial<{ name: string; phone: string }> = {}): Promise<UserRecord> => {
      n++;
      return storage.users.createUser({ name: overrides.name ?? `User ${n}`, phone: overrides.phone ?? `55500${1000 + n}`, passwordHash: 'hash' });
    };
    const buildRoom = (owner: UserRecord, overrides: Partial<NewRoom> = {}, members: number[] = [owner.id]) =>
      storage.rooms.createRoom({ name: `room-${++n}`, kind: 'room', isPrivate: false, description: '', ownerId: owner.id, maxParticipants: 10, ...overrides }, members);
    const message = (roomId: number, sender: UserRecord, text: string, clientMsgId: string | null = null) =>
      storage.messages.append({ roomId, kind: 'message', senderId: sender.id, sender: { name: sender.name, phone: sender.phone }, text, clientMsgId });

    describe('users', () => {
      it('creates a user and finds it by phone and by id', async () => {
        const ann = await buildUser({ name: 'Ann', phone: '111111' });
        expect(await storage.users.findUserByPhone('111111')).toEqual(ann);
        expect(await storage.users.findUserById(ann.id)).toEqual(ann);
        expect(await storage.users.findUserByPhone('999999')).toBeNull();
      });

      it('refuses a second account with the same phone as phone_taken', async () => {
        await buildUser({ phone: '111111' });
        await expect(buildUser({ phone: '111111' })).rejects.toMatchObject({ code: 'phone_taken' });
      });

      it('finds co-members by a name word or a phone start, strangers only by their whole number', async () => {
        const me = await buildUser({ name: 'Me Myself', phone: '100000' });
        const annabel = await buildUser({ name: 'Annabel Lee', phone: '111222' });
        const joanna = await buildUser({ name: 'joANNa Smith', phone: '111333' });
        await buildUser({ name: 'Anna Stranger', phone: '111444' });
        await buildUser({ name: '100% Bob', phone: '555666' });
        await buildRoom(me, {}, [me.id, annabel.id, joanna.id]);
        const names = async (query: Parameters<Storage['users']['findUsersFor']>[1], limit = 10) =>
          (await storage.users.findUsersFor(me.id, query, limit)).map((f) => `${f.user.name}${f.coMember ? '' : ' (stranger)'}`);
        expect(await names({ nameWord: 'ann', nameContains: 'ann' })).toEqual(['Annabel Lee']);
        expect(await names({ nameWord: 'smi', nameContains: 'smi' })).toEqual(['joANNa Smith']);
        expect(await names({ nameWord: 'joanna', nameContains: 'joanna sm' })).toEqual(['joANNa Smith']);
        expect(await names({ phonePrefix: '111' })).toEqual(['Annabel Lee', 'joANNa Smith']);
        expect(await names({ phonePrefix: '111444' })).toEqual([]);
        expect(await names({ phonePrefix: '111444', exactPhone: '111444' })).toEqual(['Anna Stranger (stranger)']);
        expect(await names({ phonePrefix: '111222', exactPhone: '111222' })).toEqual(['Annabel Lee']);
        expect(await names({ nameWord: '100%', nameContains: '100%' })).toEqual([]);
        expect(await names({})).toEqual(['Annabel Lee', 'joANNa Smith', 'Me Myself']);
        expect(await names({}, 2)).toHaveLength(2);
      });

      it('takes LIKE wildcards in a name literally', async () => {
        const me = await buildUser({ name: '100% Bob', phone: '555666' });
        const other = await buildUser({ name: '1000 Bobs', phone: '555777' });
        await buildRoom(me, {}, [me.id, other.id]);
        const found = await storage.users.findUsersFor(me.id, { nameWord: '100%', nameContains: '100% b' }, 10);
        expect(found.map((f) => f.user.name)).toEqual(['100% Bob']);
        const underscore = await storage.users.findUsersFor(me.id, { nameWord: '10_', nameContains: '10_' }, 10);
        expect(underscore).toEqual([]);
      });

      it('changes a password hash', async () => {
        const ann = await buildUser();
        await storage.users.setPasswordHash(ann.id, 'new-hash');
        expect((await storage.users.findUserById(ann.id))?.passwordHash).toBe('new-hash');
      });
    });

    describe('sessions', () => {
      it('finds the user of a token hash until the session is deleted', async () => {
        const ann = await buildUser();
        await storage.sessions.createSession('h1', ann.id);
        const session = await storage.sessions.findSession('h1');
        expect(session?.user.id).toBe(ann.id);
        expect(session?.lastSeenAt).toBe(session?.createdAt);
        await storage.sessions.deleteSession('h1');
        expect(await storage.sessions.findSession('h1')).toBeNull();
      });

      it('records the last use of a session', async () => {
        const ann = await buildUser();
        await storage.sessions.createSession('h1', ann.id);
        await storage.sessions.touchSession('h1', '2030-01-01T00:00:00.000Z');
        expect((await storage.sessions.findSession('h1'))?.lastSeenAt).toBe('2030-01-01T00:00:00.000Z');
      });

      it("ends every session of one user and no one else's", async () => {
        const [ann, bob] = [await buildUser(), await buildUser()];
        await storage.sessions.createSession('a1', ann.id);
        await storage.sessions.createSession('a2', ann.id);
        await storage.sessions.createSession('b1', bob.id);
        expect((await storage.sessions.deleteUserSessions(ann.id)).sort()).toEqual(['a1', 'a2']);
        expect(await storage.sessions.findSession('a2')).toBeNull();
        expect(await storage.sessions.findSession('b1')).not.toBeNull();
      });
    });

    describe('rooms', () => {
      it('creates a room with its members and rejects the same name in another case as room_exists', async () => {
        const ann = await buildUser();
        const bob = await buildUser();
        const room = await buildRoom(ann, { name: 'General' }, [ann.id, bob.id]);
        expect(room).toMatchObject({ name: 'General', kind: 'room', ownerId: ann.id, lastSeq: 0 });
        expect(await storage.rooms.memberIds(room.id)).toEqual(expect.arrayContaining([ann.id, bob.id]));
        expect((await storage.rooms.findRoomByName('gEnErAl'))?.id).toBe(room.id);
        const error = await buildRoom(ann, { name: 'GENERAL' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ParleyError);
        expect((error as ParleyError).code).toBe('room_exists');
      });

      it('adds members once, removes them, and reports who shares a room', async () => {
        const [ann, bob, cat] = [await buildUser(), await buildUser(), await buildUser()];
        const room = await buildRoom(ann);
        expect(await storage.rooms.addMembers(room.id, [bob.id, ann.id])).toEqual([bob.id]);
        expect(await storage.rooms.isMember(room.id, bob.id)).toBe(true);
        expect(await storage.rooms.coMemberIds(ann.id)).toEqual([bob.id]);
        expect(await storage.rooms.coMemberIds(cat.id)).toEqual([]);
        await message(room.id, ann, 'one');
        expect(await storage.rooms.roomSeqsOfUser(bob.id)).toEqual([{ roomId: room.id, lastSeq: 1 }]);
        expect(await storage.rooms.removeMember(room.id, bob.id)).toBe(true);
        expect(await storage.rooms.removeMember(room.id, bob.id)).toBe(false);
        expect(await storage.rooms.roomSeqsOfUser(bob.id)).toEqual([]);
      });

      it('searches public rooms and only the private rooms the user belongs to, never private chats', async () => {
        const [ann, bob] = [await buildUser(), await buildUser()];
        await buildRoom(ann, { name: 'open talk' });
        await buildRoom(ann, { name: 'secret talk', isPrivate: true });
        await buildRoom(ann, { name: 'private_room_1_2', kind: 'direct', isPrivate: true, ownerId: null }, [ann.id, bob.id]);
        expect((await storage.rooms.searchRooms(bob.id, 'talk', 10)).map((r) => r.name)).toEqual(['open talk']);
        expect((await storage.rooms.searchRooms(ann.id, 'talk', 10)).map((r) => r.name)).toEqual(['open talk', 'secret talk']);
        expect(await storage.rooms.searchRooms(ann.id, 'private_room', 10)).toEqual([]);
      });

      it('deletes a room with its memberships and history', async () => {
        const ann = await buildUser();
        const room = await buildRoom(ann);
        await message(room.id, ann, 'hello');
        await storage.rooms.deleteRoom(room.id);
        expect(await storage.rooms.findRoomById(room.id)).toBeNull();
        expect(await storage.rooms.roomSeqsOfUser(ann.id)).toEqual([]);
        expect(await storage.messages.history(room.id, { limit: 10 })).toEqual([]);
      });

      it('moves the read marker forward only, and never past the last seq', async () => {
        const [ann, bob] = [await buildUser(), await buildUser()];
        const room = await buildRoom(ann, {}, [ann.id, bob.id]);
        await message(room.id, bob, 'one');
        await message(room.id, bob, 'two');
        expect(await storage.rooms.markRead(room.id, ann.id, 1)).toBe(1);
        expect(await storage.rooms.markRead(room.id, ann.id, 0)).toBe(1);
        expect(await storage.rooms.markRead(room.id, ann.id, 99)).toBe(2);
        const [mine] = await storage.rooms.roomsOfUser(ann.id);
        expect(mine).toMatchObject({ id: room.id, lastReadSeq: 2, lastSeq: 2, memberCount: 2 });
      });
    });

    describe('messages', () => {
      it('gives each room its own gap-free seq, in call order, even within one batch', async () => {
        const ann = await buildUser();
        const [a, b] = [await buildRoom(ann), await buildRoom(ann)];
        const results = await Promise.all([message(a.id, ann, 'a1'), message(b.id, ann, 'b1'), message(a.id, ann, 'a2'), message(a.id, ann, 'a3')]);
        expect(results.map((r) => [r.entry.roomId === a.id ? 'a' : 'b', r.entry.seq])).toEqual([['a', 1], ['b', 1], ['a', 2], ['a', 3]]);
        expect((await storage.rooms.findRoomById(a.id))?.lastSeq).toBe(3);
      });

      it('stores a clientMsgId once and returns the first entry when it comes again', async () => {
        const ann = await buildUser();
        const room = await buildRoom(ann);
        const first = await message(room.id, ann, 'hi', 'm-1');
        const again = await message(room.id, ann, 'hi', 'm-1');
        const sameBatch = await Promise.all([message(room.id, ann, 'x', 'm-2'), message(room.id, ann, 'x', 'm-2')]);
        expect(first.duplicate).toBe(false);
        expect(again).toEqual({ entry: first.entry, duplicate: true });
        expect(sameBatch.map((r) => [r.entry.seq, r.duplicate])).toEqual([[2, false], [2, true]]);
        expect(await storage.messages.history(room.id, { limit: 10 })).toHaveLength(2);
      });

      it('rejects an append to a deleted room without failing the rest of its batch', async () => {
        const ann = await buildUser();
        const [gone, kept] = [await buildRoom(ann), await buildRoom(ann)];
        const pending = [message(gone.id, ann, 'lost'), message(kept.id, ann, 'kept')];
        await storage.rooms.deleteRoom(gone.id);
        const [lost, ok] = await Promise.allSettled(pending);
        expect(lost).toMatchObject({ status: 'rejected', reason: { code: 'room_not_found' } });
        expect(ok).toMatchObject({ status: 'fulfilled', value: { entry: { seq: 1, text: 'kept' } } });
      });

      it('pages history newest first below `before`, and oldest first above `after`', async () => {
        const ann = await buildUser({ name: 'Ann' });
        const room = await buildRoom(ann);
        for (let i = 1; i <= 5; i++) await message(room.id, ann, `m${i}`);
        const seqs = async (range: Parameters<Storage['messages']['history']>[1]) => (await storage.messages.history(room.id, range)).map((e) => e.seq);
        expect(await seqs({ limit: 2 })).toEqual([5, 4]);
        expect(await seqs({ before: 4, limit: 2 })).toEqual([3, 2]);
        expect(await seqs({ after: 2, limit: 2 })).toEqual([3, 4]);
        const [latest] = await storage.messages.history(room.id, { limit: 1 });
        expect(latest).toMatchObject({ kind: 'message', sender: { name: 'Ann', phone: ann.phone }, text: 'm5' });
      });

      it("moves the sender's read marker to their own message, and no one else's", async () => {
        const [ann, bob] = [await buildUser(), await buildUser()];
        const room = await buildRoom(ann, {}, [ann.id, bob.id]);
        await Promise.all([message(room.id, ann, 'one'), message(room.id, ann, 'two')]);
        await message(room.id, bob, 'three');
        const read = async (user: UserRecord) => (await storage.rooms.roomsOfUser(user.id)).find((r) => r.id === room.id)?.lastReadSeq;
        expect(await read(ann)).toBe(2);
        expect(await read(bob)).toBe(3);
      });

      it('keeps system entries in the same sequence, with the members of an invite', async () => {
        const [ann, bob] = [await buildUser({ name: 'Ann' }), await buildUser({ name: 'Bob' })];
        const room = await buildRoom(ann);
        await storage.messages.append({ roomId: room.id, kind: 'invite', senderId: ann.id, sender: { name: 'Ann', phone: ann.phone }, text: 'Ann added Bob', clientMsgId: null, members: [{ name: 'Bob', phone: bob.phone }] });
        await message(room.id, bob, 'hi');
        const page = await storage.messages.history(room.id, { after: 0, limit: 10 });
        expect(page.map((e) => [e.seq, e.kind])).toEqual([[1, 'invite'], [2, 'message']]);
        expect(page[0]?.members).toEqual([{ name: 'Bob', phone: bob.phone }]);
        expect((await storage.messages.lastEntries([room.id])).get(room.id)?.seq).toBe(2);
      });
    });
  });
}
