import type { Presence } from './presence.js';

/** Presence on a single node: session counts, input times and last-seen times in memory. */
export function createLocalPresence(): Presence {
  const sessions = new Map<number, number>();
  const active = new Map<number, number>();
  const seen = new Map<number, number>();
  const among = (map: Map<number, number>, userIds: number[]) => new Map(userIds.flatMap((id) => (map.has(id) ? [[id, map.get(id)!] as const] : [])));
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
    async touch(userId, at) {
      const before = active.get(userId) ?? null;
      if (before === null || at > before) active.set(userId, at);
      return before;
    },
    async lastActiveAmong(userIds) {
      return among(active, userIds);
    },
    async setLastSeen(userId, at) {
      seen.set(userId, at);
    },
    async lastSeenAmong(userIds) {
      return among(seen, userIds);
    },
    async close() {
      sessions.clear();
      active.clear();
      seen.clear();
    },
  };
}
