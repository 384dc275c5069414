/**
 * Open WebSocket connections per user, counted over every node, so that the per-user cap
 * holds for the cluster and not once per node. `acquire` is atomic: of many connections of one
 * user authenticating at the same moment, anywhere, at most `max` get a place.
 */
export interface UserConnections {
  /** Takes a place for one more connection of the user; false when `max` are open already. */
  acquire(userId: number, max: number): Promise<boolean>;
  /** Gives back the place of a connection that closed. */
  release(userId: number): Promise<void>;
  close(): Promise<void>;
}

/** One node's own count: the whole truth when there is one node. */
export function createLocalUserConnections(): UserConnections {
  const open = new Map<number, number>();
  return {
    async acquire(userId, max) {
      const count = open.get(userId) ?? 0;
      if (count >= max) return false;
      open.set(userId, count + 1);
      return true;
    },
    async release(userId) {
      const count = (open.get(userId) ?? 1) - 1;
      if (count <= 0) open.delete(userId);
      else open.set(userId, count);
    },
    async close() {
      open.clear();
    },
  };
}
