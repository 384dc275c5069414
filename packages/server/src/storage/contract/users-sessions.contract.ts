import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Storage, UserRecord } from '../storage.js';

/** Users and sign-in sessions, as every Storage implementation must keep them. */
export function usersAndSessionsContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name} storage: users and sessions (contract)`, () => {
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

      it('searches names ignoring case, and phones by digits, with LIKE wildcards taken literally', async () => {
        await buildUser({ name: 'Annabel', phone: '111222' });
        await buildUser({ name: 'joANNa', phone: '333444' });
        await buildUser({ name: '100% Bob', phone: '555666' });
        expect((await storage.users.searchUsers('ann', 10)).map((u) => u.name)).toEqual(['Annabel', 'joANNa']);
        expect((await storage.users.searchUsers('3344', 10)).map((u) => u.name)).toEqual(['joANNa']);
        expect((await storage.users.searchUsers('%', 10)).map((u) => u.name)).toEqual(['100% Bob']);
        expect(await storage.users.searchUsers('', 2)).toHaveLength(2);
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
