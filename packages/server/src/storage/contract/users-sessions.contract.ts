import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Storage } from '../storage.js';
import { builders } from './builders.js';

/** Users and sign-in sessions, as every Storage implementation must keep them. */
export function usersAndSessionsContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name} storage: users and sessions (contract)`, () => {
    let storage: Storage;

    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    const { buildUser, buildRoom } = builders(() => storage);

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
  });
}
