import { ParleyError } from '@parley/protocol';
import type { FastifyRequest } from 'fastify';
import type { Accounts } from '../auth/accounts.js';
import type { UserRecord } from '../storage/storage.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRecord | null;
    token: string | null;
  }
}

/** Reads `Authorization: Bearer <token>`; tokens never travel in URLs, where logs would keep them. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** A preHandler that lets only requests with a valid session through. */
export function requireUser(accounts: Accounts) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request);
    if (!token) throw new ParleyError('unauthorized', 'Send Authorization: Bearer <token> (sign in to get one).');
    const { user } = await accounts.authenticate(token);
    request.user = user;
    request.token = token;
  };
}

/** The signed-in user of a request that passed requireUser. */
export function userOf(request: FastifyRequest): UserRecord {
  if (!request.user) throw new ParleyError('unauthorized', 'Not signed in.');
  return request.user;
}
