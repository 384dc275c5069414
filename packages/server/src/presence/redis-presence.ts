import type { Redis } from 'ioredis';
import type { Presence } from './presence.js';

export interface RedisPresenceOptions {
  redis: Redis;
  prefix: string;
  nodeId: string;
  /** How often this node says it is alive (default 5 s); it counts as gone after three misses. */
  heartbeatMs?: number;
}

/**
 * Presence over every node. Each node keeps its own session counts (the truth for that node)
 * and mirrors them into a Redis hash that expires unless refreshed, so a node that dies stops
 * counting within three heartbeats. A Redis that restarts empty gets the mirrors back at the
 * next heartbeat. While Redis is away, answers fall back to this node's own sessions.
 */
export function createRedisPresence(options: RedisPresenceOptions): Presence {
  const { redis, prefix, nodeId } = options;
  const heartbeatMs = options.heartbeatMs ?? 5000;
  const ttlMs = heartbeatMs * 3;
  const nodesKey = `${prefix}nodes`;
  const nodeKey = (id: string) => `${prefix}presence:${id}`;
  // Input and last-seen times by user id, shared by every node (ms since the epoch).
  const activeKey = `${prefix}presence-active`;
  const seenKey = `${prefix}presence-seen`;
  const local = new Map<number, number>();
  // What this node last wrote or read of input and last-seen times: the answer while Redis is away.
  const activeHere = new Map<number, number>();
  const seenHere = new Map<number, number>();

  async function liveNodes(): Promise<string[]> {
    return redis.zrangebyscore(nodesKey, Date.now() - ttlMs, '+inf');
  }

  async function onlineElsewhere(userIds: number[]): Promise<Set<number>> {
    const others = (await liveNodes()).filter((id) => id !== nodeId);
    const online = new Set<number>();
    if (others.length === 0 || userIds.length === 0) return online;
    const pipeline = redis.pipeline();
    for (const id of others) pipeline.hmget(nodeKey(id), ...userIds.map(String));
    for (const [error, counts] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      (counts as (string | null)[]).forEach((count, i) => {
        if (count !== null && Number(count) > 0) online.add(userIds[i]!);
      });
    }
    return online;
  }

  async function mirror(userId: number): Promise<void> {
    const count = local.get(userId) ?? 0;
    const key = nodeKey(nodeId);
    await (count > 0 ? redis.multi().hset(key, String(userId), count).pexpire(key, ttlMs).exec() : redis.hdel(key, String(userId)));
  }

  async function heartbeat(): Promise<void> {
    const key = nodeKey(nodeId);
    const multi = redis.multi().zadd(nodesKey, Date.now(), nodeId).zremrangebyscore(nodesKey, '-inf', Date.now() - ttlMs * 10);
    if (local.size > 0) multi.hset(key, Object.fromEntries([...local].map(([id, n]) => [String(id), n]))).pexpire(key, ttlMs);
    await multi.exec();
  }

  /** Times by user from Redis; while it is away, what this node knows. */
  async function timesAmong(key: string, userIds: number[], here: Map<number, number>): Promise<Map<number, number>> {
    if (userIds.length === 0) return new Map();
    try {
      const values = await redis.hmget(key, ...userIds.map(String));
      return new Map(userIds.flatMap((id, i) => (values[i] ? [[id, Number(values[i])] as const] : [])));
    } catch {
      return new Map(userIds.flatMap((id) => (here.has(id) ? [[id, here.get(id)!] as const] : [])));
    }
  }

  const timer = setInterval(() => heartbeat().catch(() => {}), heartbeatMs);
  timer.unref();
  void heartbeat().catch(() => {});

  return {
    async sessionOpened(userId) {
      const count = (local.get(userId) ?? 0) + 1;
      local.set(userId, count);
      if (count > 1) return false;
      try {
        await mirror(userId);
        return !(await onlineElsewhere([userId])).has(userId);
      } catch {
        return true;
      }
    },
    async sessionClosed(userId) {
      const count = (local.get(userId) ?? 0) - 1;
      if (count > 0) {
        local.set(userId, count);
        return false;
      }
      local.delete(userId);
      try {
        await mirror(userId);
        return !(await onlineElsewhere([userId])).has(userId);
      } catch {
        return true;
      }
    },
    async onlineAmong(userIds) {
      const here = userIds.filter((id) => local.has(id));
      try {
        const elsewhere = await onlineElsewhere(userIds.filter((id) => !local.has(id)));
        return new Set([...here, ...elsewhere]);
      } catch {
        return new Set(here);
      }
    },
    async touch(userId, at) {
      const known = activeHere.get(userId) ?? null;
      if (known === null || at > known) activeHere.set(userId, at);
      try {
        // Compare and set in one step, so that of two nodes touching at once neither goes back in time.
        const before = (await redis.eval(touchScript, 1, activeKey, String(userId), String(at))) as string | null;
        return before === null ? null : Number(before);
      } catch {
        return known;
      }
    },
    async lastActiveAmong(userIds) {
      return timesAmong(activeKey, userIds, activeHere);
    },
    async setLastSeen(userId, at) {
      seenHere.set(userId, at);
      await redis.hset(seenKey, String(userId), at).catch(() => undefined);
    },
    async lastSeenAmong(userIds) {
      return timesAmong(seenKey, userIds, seenHere);
    },
    async close() {
      clearInterval(timer);
      local.clear();
      activeHere.clear();
      seenHere.clear();
      await redis.multi().del(nodeKey(nodeId)).zrem(nodesKey, nodeId).exec().catch(() => {});
    },
  };
}

/** HGET the old time, HSET the new one if it is later; returns the old one. */
const touchScript = `
local before = redis.call('HGET', KEYS[1], ARGV[1])
if not before or tonumber(before) < tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return before`;
