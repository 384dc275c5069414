/**
 * The presence port: who is online, when each user last used any session, and when each was last
 * seen, over every node. A user is online while they have at least one authenticated WebSocket
 * open anywhere; the first and last session decide when presence changes are announced. Nothing
 * here is stored in the database: it lives in memory (one node) or Redis (several).
 */
export interface Presence {
  /** Counts a session opened on this node; true if the user was online nowhere before. */
  sessionOpened(userId: number): Promise<boolean>;
  /** Counts a session closed on this node; true if the user is now online nowhere. */
  sessionClosed(userId: number): Promise<boolean>;
  /** Those of `userIds` who are online. */
  onlineAmong(userIds: number[]): Promise<Set<number>>;
  /**
   * Records input in one of the user's sessions at `at` (ms since the epoch); returns the time of
   * the input before it (null: none known), so that a return from idle can be noticed. A time
   * older than the one recorded leaves it as it is.
   */
  touch(userId: number, at: number): Promise<number | null>;
  /** The last input time of those of `userIds` who have one. */
  lastActiveAmong(userIds: number[]): Promise<Map<number, number>>;
  /** Records when the user was last seen (went offline or invisible). */
  setLastSeen(userId: number, at: number): Promise<void>;
  /** The last-seen times of those of `userIds` who have one. */
  lastSeenAmong(userIds: number[]): Promise<Map<number, number>>;
  close(): Promise<void>;
}
