import type { UserRecord } from '../storage/storage.js';
import type { Connection } from './connection.js';

/** Who a session or request acts as: no more of the account than the chat needs (no password hash). */
export type ChatUser = Pick<UserRecord, 'id' | 'name' | 'phone'>;

/** An authenticated connection. */
export interface Session {
  readonly conn: Connection;
  readonly user: ChatUser;
  readonly tokenHash: string;
  /** Ids of the rooms whose entries this session receives: exactly its user's memberships. */
  readonly rooms: Set<number>;
  /** When the token it authenticated with reaches its lifetime (ms since the epoch). */
  readonly expiresAt: number;
}

/** Who performs an operation: a user, and the connection it came from (absent over HTTP). */
export interface Actor {
  user: ChatUser;
  connId?: string;
}
