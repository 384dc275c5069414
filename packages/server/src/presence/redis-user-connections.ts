import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { UserConnections } from './user-connections.js';

export interface RedisUserConnectionsOptions {
  redis: Redis;
  prefix: string;
  nodeId: string;
  log: Logger;
  /** How often this node re-asserts its counts (default 5 s); they expire after three misses. */
  heartbeatMs?: number;
}

// Sums the user's connections on every live node but this one, adds this node's, and takes a
// place only under the cap: one script, so Redis runs it whole, whatever other nodes do.
const acquireScript = `
local nodes = redis.call('ZRANGEBYSCORE', KEYS[1], tonumber(ARGV[3]) - tonumber(ARGV[4]), '+inf')
local total = 0
for _, id in ipairs(nodes) do
  if id ~= ARGV[5] then
    local count = redis.call('HGET', ARGV[6] .. id, ARGV[1])
    if count then total = total + tonumber(count) end
  end
end
local own = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if total + own >= tonumber(ARGV[2]) then return 0 end
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[5])
return 1
`;

/**
 * Connections per user over every node. Each node keeps its own counts (the truth for that
 * node) and mirrors them into a Redis hash that expires unless refreshed, so the places of a
 * node that dies come free within three heartbeats, and a Redis that restarts empty gets the
 * counts back at the next one. While Redis is away, each node enforces the cap on its own.
 */
export function createRedisUserConnections(options: RedisUserConnectionsOptions): UserConnections {
  const { redis, prefix, nodeId, log } = options;
  const heartbeatMs = options.heartbeatMs ?? 5000;
  const ttlMs = heartbeatMs * 3;
  const nodesKey = `${prefix}connection-nodes`;
  const hashPrefix = `${prefix}connections:`;
  const ownKey = `${hashPrefix}${nodeId}`;
  const local = new Map<number, number>();

  async function heartbeat(): Promise<void> {
    const multi = redis.multi().zadd(nodesKey, Date.now(), nodeId).zremrangebyscore(nodesKey, '-inf', Date.now() - ttlMs * 10).del(ownKey);
    if (local.size > 0) multi.hset(ownKey, Object.fromEntries([...local].map(([id, n]) => [String(id), n]))).pexpire(ownKey, ttlMs);
    await multi.exec();
  }
  const timer = setInterval(() => heartbeat().catch(() => {}), heartbeatMs);
  timer.unref();
  void heartbeat().catch(() => {});

  return {
    async acquire(userId, max) {
      let admitted: boolean;
      try {
        admitted = (await redis.eval(acquireScript, 2, nodesKey, ownKey, String(userId), String(max), String(Date.now()), String(ttlMs), nodeId, hashPrefix)) === 1;
      } catch (error) {
        log.warn('connection count unavailable, counting this node only', { error: (error as Error).message });
        const count = local.get(userId) ?? 0;
        admitted = count < max;
      }
      if (admitted) local.set(userId, (local.get(userId) ?? 0) + 1);
      return admitted;
    },
    async release(userId) {
      const count = (local.get(userId) ?? 1) - 1;
      if (count <= 0) local.delete(userId);
      else local.set(userId, count);
      await (count <= 0 ? redis.hdel(ownKey, String(userId)) : redis.hset(ownKey, String(userId), count)).catch(() => {});
    },
    async close() {
      clearInterval(timer);
      local.clear();
      await redis.multi().del(ownKey).zrem(nodesKey, nodeId).exec().catch(() => {});
    },
  };
}
