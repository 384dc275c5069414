import { ParleyError } from '@parley/protocol';
import type { Logger } from '../log.js';
import { TokenBucket } from './token-bucket.js';

/**
 * What a user spends a budget on. `api` is every authenticated HTTP request; the others are
 * operations that cost the server a query or a write each, over HTTP and WebSocket alike.
 */
export type UserActionKind = 'api' | 'search' | 'history' | 'roomList' | 'create' | 'invite' | 'join' | 'private' | 'export' | 'upload' | 'settings' | 'read' | 'status';

/** `perMinute` sustained, with bursts of up to `burst`. */
export interface Budget {
  perMinute: number;
  burst: number;
}

export type UserBudgets = Record<UserActionKind, Budget>;

const what: Record<UserActionKind, string> = {
  api: 'requests',
  search: 'searches',
  history: 'history pages',
  roomList: 'room list loads',
  create: 'rooms and groups created',
  invite: 'invitations',
  join: 'joins',
  private: 'private chats opened',
  export: 'data exports',
  upload: 'uploads',
  settings: 'settings changes',
  read: 'read markers',
  status: 'status changes',
};

/**
 * Per-user rate limits, one token bucket per user and kind, shared by all of the user's
 * connections and requests on this node (each node keeps its own). Memory stays bounded: full
 * buckets are dropped (a fresh one is the same), and past `maxBuckets` the oldest go.
 */
export class UserLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly budgets: UserBudgets,
    private readonly log: Logger,
    private readonly maxBuckets = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends one unit of `kind` for the user; throws rate_limited, with Retry-After, when none is left. */
  take(userId: number, kind: UserActionKind): void {
    const key = `${kind}:${userId}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxBuckets) this.sweep();
      const { perMinute, burst } = this.budgets[kind];
      bucket = new TokenBucket(perMinute / 60, burst, this.now);
      this.buckets.set(key, bucket);
    }
    if (bucket.take()) return;
    const retryAfter = Math.max(1, Math.ceil(bucket.waitMs() / 1000));
    this.log.warn('rate limited', { what: kind, user: userId });
    throw new ParleyError('rate_limited', `Too many ${what[kind]}: at most ${this.budgets[kind].perMinute} a minute; try again in ${retryAfter} s.`, undefined, retryAfter);
  }

  private sweep(): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull()) this.buckets.delete(key);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxBuckets * 0.9) break;
      this.buckets.delete(key);
    }
  }
}
