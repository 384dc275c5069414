/**
 * The presence port: who is online, counted over every node. A user is online while they have
 * at least one authenticated WebSocket open anywhere. The first and last session decide when
 * presence changes are announced.
 */
export interface Presence {
  /** Counts a session opened on this node; true if the user was online nowhere before. */
  sessionOpened(userId: number): Promise<boolean>;
  /** Counts a session closed on this node; true if the user is now online nowhere. */
  sessionClosed(userId: number): Promise<boolean>;
  /** Those of `userIds` who are online. */
  onlineAmong(userIds: number[]): Promise<Set<number>>;
  close(): Promise<void>;
}
