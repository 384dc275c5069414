import { ParleyError } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Storage } from '../storage.js';
import { builders } from './builders.js';

/** Rooms and memberships, changed only through commands, as every Storage implementation must keep them. */
export function roomsContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name} storage: rooms and memberships (contract)`, () => {
    let storage: Storage;
    const { commit, buildUser, buildRoom, message } = builders(() => storage);
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('creates a room with its members and rejects the same name in another case as room_exists', async () => {
      const [ann, bob] = [await buildUser(), await buildUser()];
      const room = await buildRoom(ann, { name: 'General' }, [ann.id, bob.id]);
      expect(room).toMatchObject({ name: 'General', kind: 'room', ownerId: ann.id, ownerPhone: ann.phone, lastSeq: 0, memberCount: 2 });
      expect(await storage.rooms.memberIds(room.id)).toEqual(expect.arrayContaining([ann.id, bob.id]));
      expect((await storage.rooms.findRoomByName('gEnErAl'))?.id).toBe(room.id);
      const error = await buildRoom(ann, { name: 'GENERAL' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ParleyError);
      expect((error as ParleyError).code).toBe('room_exists');
    });

    it('records a group creation as an invite event naming the others', async () => {
      const [ann, bob, cat] = [await buildUser(), await buildUser(), await buildUser()];
      const group = await buildRoom(ann, { kind: 'group', isPrivate: true }, [ann.id, bob.id, cat.id]);
      const [invite] = await storage.events.history(group.id, { after: 0, limit: 10 }, ann.id);
      expect(invite).toMatchObject({ seq: 1, type: 'member', senderId: ann.id, body: { op: 'invite', users: [bob.id, cat.id] } });
    });

    it('never hands out the id of a deleted room again', async () => {
      const ann = await buildUser();
      const first = await buildRoom(ann);
      await commit({ type: 'delete_room', actorId: ann.id, roomId: first.id });
      const second = await buildRoom(ann);
      expect(second.id).toBeGreaterThan(first.id);
    });

    it('adds members once, and removes them', async () => {
      const [ann, bob, cat] = [await buildUser(), await buildUser(), await buildUser()];
      const room = await buildRoom(ann);
      const invited = await commit({ type: 'invite', actorId: ann.id, roomId: room.id, userIds: [bob.id, ann.id] });
      expect(invited.added).toEqual([bob.id]);
      expect(await storage.rooms.membership(room.id, bob.id)).not.toBeNull();
      expect((await storage.rooms.memberIds(room.id)).sort((x, y) => x - y)).toEqual([ann.id, bob.id].sort((x, y) => x - y));
      expect(await storage.rooms.roomSeqsOfUser(cat.id)).toEqual([]);
      await message(room.id, ann, 'one');
      expect(await storage.rooms.roomSeqsOfUser(bob.id)).toEqual([{ roomId: room.id, lastSeq: 2 }]);
      const left = await commit({ type: 'leave', actorId: bob.id, roomId: room.id });
      expect(left.removed).toEqual([bob.id]);
      expect(await storage.rooms.roomSeqsOfUser(bob.id)).toEqual([]);
      expect((await storage.rooms.findRoomById(room.id))?.memberCount).toBe(1);
    });

    it("hands an owner's room to the longest-standing member in the same commit as the leave", async () => {
      const [ann, bob, cat] = [await buildUser(), await buildUser(), await buildUser()];
      const room = await buildRoom(ann);
      await commit({ type: 'join', actorId: bob.id, roomId: room.id });
      await commit({ type: 'join', actorId: cat.id, roomId: room.id });
      const left = await commit({ type: 'leave', actorId: ann.id, roomId: room.id });
      expect(left.events.map((e) => e.body)).toEqual([
        { op: 'leave', users: [ann.id] },
        { op: 'owner', users: [bob.id] },
      ]);
      expect((await storage.rooms.findRoomById(room.id))?.ownerId).toBe(bob.id);
    });

    it('deletes a private room when its last member leaves, and keeps an empty public one without an owner', async () => {
      const ann = await buildUser();
      const secret = await buildRoom(ann, { isPrivate: true });
      const open = await buildRoom(ann);
      expect((await commit({ type: 'leave', actorId: ann.id, roomId: secret.id })).roomDeleted).toBe(true);
      expect(await storage.rooms.findRoomById(secret.id)).toBeNull();
      await commit({ type: 'leave', actorId: ann.id, roomId: open.id });
      expect(await storage.rooms.findRoomById(open.id)).toMatchObject({ ownerId: null, memberCount: 0 });
      const back = await commit({ type: 'join', actorId: ann.id, roomId: open.id });
      expect(back.events.map((e) => (e.body as { op: string }).op)).toEqual(['join', 'owner']);
    });

    it('keeps a room within its capacity when joins race in one batch', async () => {
      const [ann, bob, cat, dan] = [await buildUser(), await buildUser(), await buildUser(), await buildUser()];
      const room = await buildRoom(ann, { maxParticipants: 2 });
      const outcomes = await Promise.allSettled([bob, cat, dan].map((u) => commit({ type: 'join', actorId: u.id, roomId: room.id })));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.code)).toEqual(['room_full', 'room_full']);
      expect((await storage.rooms.findRoomById(room.id))?.memberCount).toBe(2);
      expect(await storage.rooms.memberIds(room.id)).toHaveLength(2);
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

    it('narrows a room search to rooms the user is or is not in, and to a kind, inside the query', async () => {
      const [ann, bob] = [await buildUser(), await buildUser()];
      await buildRoom(ann, { name: 'narrow open' });
      await buildRoom(bob, { name: 'narrow other' });
      await buildRoom(ann, { name: 'narrow group', kind: 'group', isPrivate: true });
      const names = async (filters: Parameters<typeof storage.rooms.searchRooms>[3], limit = 10) => (await storage.rooms.searchRooms(ann.id, 'narrow', limit, filters)).map((r) => r.name);
      expect(await names({})).toEqual(['narrow group', 'narrow open', 'narrow other']);
      expect(await names({ joined: true })).toEqual(['narrow group', 'narrow open']);
      expect(await names({ joined: false })).toEqual(['narrow other']);
      expect(await names({ joined: false }, 1)).toEqual(['narrow other']);
      expect(await names({ kind: 'group' })).toEqual(['narrow group']);
      expect(await names({ kind: 'room', joined: true })).toEqual(['narrow open']);
    });

    it('deletes a room with its memberships and history', async () => {
      const ann = await buildUser();
      const room = await buildRoom(ann);
      await message(room.id, ann, 'hello');
      await commit({ type: 'delete_room', actorId: ann.id, roomId: room.id });
      expect(await storage.rooms.findRoomById(room.id)).toBeNull();
      expect(await storage.rooms.roomSeqsOfUser(ann.id)).toEqual([]);
      expect(await storage.events.history(room.id, { limit: 10 }, ann.id)).toEqual([]);
    });

    it('moves the read marker forward only, and never past the last seq', async () => {
      const [ann, bob] = [await buildUser(), await buildUser()];
      const room = await buildRoom(ann, {}, [ann.id, bob.id]);
      await message(room.id, bob, 'one');
      await message(room.id, bob, 'two');
      expect(await storage.rooms.markRead(room.id, ann.id, 1)).toBe(1);
      expect(await storage.rooms.markRead(room.id, ann.id, 0)).toBe(1);
      expect(await storage.rooms.markRead(room.id, ann.id, 2 ** 31 + 5)).toBe(2);
      expect(await storage.rooms.markRead(room.id, (await buildUser()).id, 1)).toBeNull();
      const [mine] = await storage.rooms.roomsOfUser(ann.id, { limit: 10 });
      expect(mine).toMatchObject({ id: room.id, lastReadSeq: 2, lastSeq: 2, memberCount: 2 });
    });

    it('lists a user’s rooms by latest message, a page at a time', async () => {
      const ann = await buildUser();
      const rooms = [];
      for (let i = 0; i < 5; i++) rooms.push(await buildRoom(ann, { name: `r${i}` }));
      // A later millisecond than the last room's creation, so that the order is by time, not by id.
      await new Promise((resolve) => setTimeout(resolve, 5));
      await message(rooms[1]!.id, ann, 'now the newest');
      const first = await storage.rooms.roomsOfUser(ann.id, { limit: 2 });
      expect(first.map((r) => r.name)).toEqual(['r1', 'r4']);
      const last = first.at(-1)!;
      const rest = await storage.rooms.roomsOfUser(ann.id, { limit: 10, after: { activityAt: last.activityAt, roomId: last.id } });
      expect(rest.map((r) => r.name)).toEqual(['r3', 'r2', 'r0']);
    });

    it('counts rooms created by a user since a time', async () => {
      const ann = await buildUser();
      const before = new Date(Date.now() - 1000).toISOString();
      await buildRoom(ann);
      await buildRoom(ann);
      expect(await storage.rooms.countCreatedBy(ann.id, before)).toBe(2);
      expect(await storage.rooms.countCreatedBy(ann.id, new Date(Date.now() + 1000).toISOString())).toBe(0);
    });
  });
}
