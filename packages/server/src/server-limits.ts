/** Limits that protect the server from hostile or broken clients; every one is configurable. */
export interface ServerLimits {
  /** Sign-up and sign-in requests per client address per window (default 300: an office behind one NAT). */
  authAttemptsPerAddress: number;
  /** Failed sign-ins per phone per window (default 10): slows password guessing. */
  failedSigninsPerPhone: number;
  /** The window of the two limits above (default 10 minutes). */
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
}

export const defaultLimits: ServerLimits = {
  authAttemptsPerAddress: 300,
  failedSigninsPerPhone: 10,
  authWindowMs: 10 * 60_000,
  framesPerSecond: 100,
  frameBurst: 200,
  rateStrikesBeforeClose: 50,
  connectionsPerUser: 20,
  maxBufferedBytes: 1024 * 1024,
  heartbeatMs: 30_000,
};
