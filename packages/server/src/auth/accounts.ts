import { ParleyError, parseInput, signinBody, signupBody, type User } from '@parley/protocol';
import { normalizePhone } from '@parley/protocol';
import type { Storage, UserRecord } from '../storage/storage.js';
import { hashPassword, verifyNothing, verifyPassword } from './passwords.js';
import { hashToken, newToken } from './tokens.js';

export function publicUser(user: UserRecord): User {
  return { name: user.name, phone: user.phone };
}

export interface Accounts {
  signup(body: unknown): Promise<User>;
  signin(body: unknown): Promise<{ token: string; user: User }>;
  /** Ends the session; returns the token hash so live connections using it can be closed. */
  signout(token: string): Promise<string>;
  /** The user a token belongs to; throws unauthorized. */
  authenticate(token: string): Promise<{ user: UserRecord; tokenHash: string }>;
}

export function createAccounts(storage: Storage): Accounts {
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
      const token = newToken();
      await storage.sessions.createSession(hashToken(token), user.id);
      return { token, user: publicUser(user) };
    },

    async signout(token) {
      const tokenHash = hashToken(token);
      await storage.sessions.deleteSession(tokenHash);
      return tokenHash;
    },

    async authenticate(token) {
      const tokenHash = hashToken(token);
      const user = token ? await storage.sessions.findSessionUser(tokenHash) : null;
      if (!user) throw new ParleyError('unauthorized', 'The token is missing, invalid or expired; sign in again.');
      return { user, tokenHash };
    },
  };
}
