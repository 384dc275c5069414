import type { UserBudgets } from './limits/user-limiter.js';

/** Limits that protect the server from hostile or broken clients; every one is configurable. */
export interface ServerLimits {
  /** Sign-up and sign-in requests per client address per window (default 300: an office behind one NAT). */
  authAttemptsPerAddress: number;
  /** Failed sign-ins per phone per window (default 10): slows password guessing. */
  failedSigninsPerPhone: number;
  /** Sign-ups answered phone_taken per client address per window (default 10): slows finding out who has an account. */
  takenPhoneSignupsPerAddress: number;
  /** The window of the three limits above (default 10 minutes). */
  authWindowMs: number;
  /** WebSocket frames per second per connection, sustained (default 100)... */
  framesPerSecond: number;
  /** ...with bursts of up to this many (default 200). */
  frameBurst: number;
  /** Frames refused in a row for the rate before the connection is closed (default 50). */
  rateStrikesBeforeClose: number;
  /** Open WebSocket connections per user (default 20). */
  connectionsPerUser: number;
  /** Bytes queued to a client that does not read before it is cut off (default 1 MiB). */
  maxBufferedBytes: number;
  /** Interval of server pings; a connection silent for two intervals is closed (default 30 s). */
  heartbeatMs: number;
  /** How often every open WebSocket's session is checked against storage (default 60 s). */
  sessionRecheckMs: number;
  /** An HTTP request's headers and body must arrive within this long, else 408 (default 30 s). */
  requestTimeoutMs: number;
  /** Open connections (HTTP and WebSocket) per client address, an IPv6 /64 as one (default 256). */
  connectionsPerAddress: number;
  /**
   * Per-user budgets (per node), sustained per minute with bursts: `api` for every
   * authenticated HTTP request, the others for the costly operations over HTTP and WebSocket.
   * Sized so that a person never meets them (a reconnect catching up 200 rooms at once included).
   */
  userBudgets: UserBudgets;
}

export const defaultLimits: ServerLimits = {
  authAttemptsPerAddress: 300,
  failedSigninsPerPhone: 10,
  takenPhoneSignupsPerAddress: 10,
  authWindowMs: 10 * 60_000,
  framesPerSecond: 100,
  frameBurst: 200,
  rateStrikesBeforeClose: 50,
  connectionsPerUser: 20,
  maxBufferedBytes: 1024 * 1024,
  heartbeatMs: 30_000,
  sessionRecheckMs: 60_000,
  requestTimeoutMs: 30_000,
  connectionsPerAddress: 256,
  userBudgets: {
    api: { perMinute: 600, burst: 200 },
    search: { perMinute: 120, burst: 30 },
    history: { perMinute: 600, burst: 200 },
    roomList: { perMinute: 60, burst: 20 },
    create: { perMinute: 30, burst: 10 },
    invite: { perMinute: 60, burst: 20 },
    join: { perMinute: 60, burst: 30 },
    private: { perMinute: 60, burst: 30 },
    // An export reads every room of the user: a few an hour is plenty.
    export: { perMinute: 1, burst: 3 },
    upload: { perMinute: 20, burst: 20 },
    settings: { perMinute: 30, burst: 10 },
    // A read marker that moves is pushed to every member as a receipt: bounded per user.
    read: { perMinute: 300, burst: 100 },
    // Each status change is announced to everyone one shares a room with.
    status: { perMinute: 30, burst: 10 },
  },
};
