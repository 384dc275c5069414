import { ParleyError } from '@parley/protocol';
import type { FastifyRequest } from 'fastify';
import type { Accounts } from '../auth/accounts.js';
import type { UserActionKind, UserLimiter } from '../limits/user-limiter.js';
import type { UserRecord } from '../storage/storage.js';
import { mediaCookieToken } from './media-cookie.js';

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

export interface RequireUserOptions {
  /** Also accept the media cookie (the GET routes of files only). */
  mediaCookie?: boolean;
}

/**
 * A preHandler that lets only requests with a valid session through, each spending the user's
 * `api` budget and, for a costly route, its own kind's too.
 */
export function requireUser(accounts: Accounts, limiter: UserLimiter, kind: UserActionKind = 'api', options: RequireUserOptions = {}) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request) ?? (options.mediaCookie ? mediaCookieToken(request) : null);
    if (!token) throw new ParleyError('unauthorized', 'Send Authorization: Bearer <token> (sign in to get one).');
    const { user } = await accounts.authenticate(token);
    limiter.take(user.id, 'api');
    if (kind !== 'api') limiter.take(user.id, kind);
    request.user = user;
    request.token = token;
  };
}

/** Route options for an authenticated route of `kind` (see requireUser). */
export type Authed = (kind?: UserActionKind, options?: RequireUserOptions) => { preHandler: ReturnType<typeof requireUser> };

/** The signed-in user of a request that passed requireUser. */
export function userOf(request: FastifyRequest): UserRecord {
  if (!request.user) throw new ParleyError('unauthorized', 'Not signed in.');
  return request.user;
}
