import { ParleyError, normalizePhone, parseInput, passwordBody, signinBody, signupBody, type User } from '@parley/protocol';
import type { Storage, UserRecord } from '../storage/storage.js';
import { hashPassword, verifyNothing, verifyPassword } from './passwords.js';
import { hashToken, newToken } from './tokens.js';

export function publicUser(user: UserRecord): User {
  return { name: user.name, phone: user.phone };
}

export interface SessionPolicy {
  /** A session unused for this long ends (default 30 days). */
  idleMs: number;
  /** A session ends this long after sign-in, used or not (default 90 days). */
  maxAgeMs: number;
}

export const defaultSessionPolicy: SessionPolicy = { idleMs: 30 * 86_400_000, maxAgeMs: 90 * 86_400_000 };

// Recording every use would turn each request into a write; a minute's precision is plenty.
const touchEveryMs = 60_000;

export interface Accounts {
  signup(body: unknown): Promise<User>;
  signin(body: unknown): Promise<{ token: string; user: User }>;
  /** Ends the session; returns its token hash so live connections using it can be closed. */
  signout(token: string): Promise<string>;
  /** The user a token belongs to; throws unauthorized (also for an expired session). */
  authenticate(token: string): Promise<{ user: UserRecord; tokenHash: string; expiresAt: number }>;
  /**
   * Whether the session of a token hash still exists and is within its lifetime. Idleness does
   * not count: a socket open all along is use, though it records none.
   */
  isActive(tokenHash: string): Promise<boolean>;
  /** Checks the old password, sets the new one, ends every session of the user, signs in anew. */
  changePassword(user: UserRecord, body: unknown): Promise<{ token: string; user: User; endedTokenHashes: string[] }>;
}

export function createAccounts(storage: Storage, policy: SessionPolicy = defaultSessionPolicy, now: () => number = Date.now): Accounts {
  async function startSession(user: UserRecord): Promise<string> {
    const token = newToken();
    await storage.sessions.createSession(hashToken(token), user.id);
    return token;
  }

  return {
    async signup(body) {
      const input = parseInput(signupBody, body, 'sign-up');
      if (await storage.users.findUserByPhone(input.phone)) {
        throw new ParleyError('phone_taken', 'An account with this phone number already exists.', [{ field: 'phone', message: 'is already registered' }]);
      }
      const passwordHash = await hashPassword(input.password);
      return publicUser(await storage.users.createUser({ name: input.name, phone: input.phone, passwordHash }));
    },

    async signin(body) {
      const input = parseInput(signinBody, body, 'sign-in');
      const user = await storage.users.findUserByPhone(normalizePhone(input.phone));
      const ok = user ? await verifyPassword(user.passwordHash, input.password) : await verifyNothing(input.password);
      if (!user || !ok) throw new ParleyError('invalid_credentials', 'Phone number or password is incorrect.');
      return { token: await startSession(user), user: publicUser(user) };
    },

    async signout(token) {
      const tokenHash = hashToken(token);
      await storage.sessions.deleteSession(tokenHash);
      return tokenHash;
    },

    async authenticate(token) {
      const tokenHash = hashToken(token);
      const session = token ? await storage.sessions.findSession(tokenHash) : null;
      if (!session) throw new ParleyError('unauthorized', 'The token is missing, invalid or expired; sign in again.');
      const at = now();
      const lastSeen = Date.parse(session.lastSeenAt);
      const expiresAt = Date.parse(session.createdAt) + policy.maxAgeMs;
      if (at >= expiresAt || at - lastSeen >= policy.idleMs) {
        await storage.sessions.deleteSession(tokenHash);
        throw new ParleyError('unauthorized', 'The session has expired; sign in again.');
      }
      if (at - lastSeen >= touchEveryMs) await storage.sessions.touchSession(tokenHash, new Date(at).toISOString());
      return { user: session.user, tokenHash, expiresAt };
    },

    async isActive(tokenHash) {
      const session = await storage.sessions.findSession(tokenHash);
      if (!session) return false;
      return now() < Date.parse(session.createdAt) + policy.maxAgeMs;
    },

    async changePassword(user, body) {
      const input = parseInput(passwordBody, body, 'password change');
      if (!(await verifyPassword(user.passwordHash, input.oldPassword))) {
        throw new ParleyError('invalid_credentials', 'The current password is incorrect.', [{ field: 'oldPassword', message: 'is incorrect' }]);
      }
      await storage.users.setPasswordHash(user.id, await hashPassword(input.newPassword));
      const endedTokenHashes = await storage.sessions.deleteUserSessions(user.id);
      return { token: await startSession(user), user: publicUser(user), endedTokenHashes };
    },
  };
}
