import type { UserRecord } from '../storage/storage.js';
import type { Connection } from './connection.js';

/** Who a socket or request acts as: no more of the account than the chat needs (no password hash). */
export type ChatUser = Pick<UserRecord, 'id' | 'name' | 'phone'>;

/**
 * An authenticated WebSocket, as the chat core knows it. (A sign-in session, the token, is
 * something else: auth/accounts.ts.)
 */
export interface ChatSocket {
  readonly conn: Connection;
  readonly user: ChatUser;
  /** The hash of the sign-in token it authenticated with (to close it when that is revoked). */
  readonly tokenHash: string;
  /** Ids of the rooms whose events this socket receives: exactly its user's memberships. */
  readonly rooms: Set<number>;
  /** When the token it authenticated with reaches its lifetime (ms since the epoch). */
  readonly expiresAt: number;
}
