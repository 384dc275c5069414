import type { Presence } from './presence.js';

/** Presence on a single node: a count of open sessions per user. */
export function createLocalPresence(): Presence {
  const sessions = new Map<number, number>();
  return {
    async sessionOpened(userId) {
      const count = (sessions.get(userId) ?? 0) + 1;
      sessions.set(userId, count);
      return count === 1;
    },
    async sessionClosed(userId) {
      const count = (sessions.get(userId) ?? 0) - 1;
      if (count > 0) sessions.set(userId, count);
      else sessions.delete(userId);
      return count <= 0;
    },
    async onlineAmong(userIds) {
      return new Set(userIds.filter((id) => sessions.has(id)));
    },
    async close() {
      sessions.clear();
    },
  };
}
