import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startPrivateRedis } from '../../test/helpers/ports.js';
import { connectRedis } from '../bus/redis-bus.js';
import { testServices } from '../../test/helpers/services.js';
import { presenceContract } from './presence.contract.js';
import { createRedisPresence } from './redis-presence.js';

const { redisUrl } = testServices();

describe.skipIf(!redisUrl)('Redis presence', () => {
  presenceContract('Redis', async () => {
    const prefix = `parley-test-${randomBytes(6).toString('hex')}:`;
    const clients = [new Redis(redisUrl!), new Redis(redisUrl!)];
    const nodes = clients.map((redis, i) => createRedisPresence({ redis, prefix, nodeId: `node${i}`, heartbeatMs: 200 }));
    // Each node must have said it is alive before the other counts its sessions.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return {
      nodes,
      async close() {
        await Promise.all(nodes.map((n) => n.close()));
        await Promise.all(clients.map((c) => c.quit()));
      },
    };
  });

  it('answers from what this node knows while Redis is away, so sign-ins and lists keep working', async () => {
    const server = await startPrivateRedis();
    const redis = await connectRedis(server.url, 'presence-test');
    const presence = createRedisPresence({ redis, prefix: 'away:', nodeId: 'node0', heartbeatMs: 200 });
    try {
      await presence.touch(1, 1000);
      await presence.setLastSeen(2, 2000);
      await server.kill();
      expect(await presence.sessionOpened(1)).toBe(true);
      expect(await presence.touch(1, 3000)).toBe(1000);
      await presence.setLastSeen(3, 4000);
      expect(await presence.lastActiveAmong([1, 9])).toEqual(new Map([[1, 3000]]));
      expect(await presence.lastSeenAmong([2, 3])).toEqual(new Map([[2, 2000], [3, 4000]]));
      expect(await presence.onlineAmong([1])).toEqual(new Set([1]));
    } finally {
      await presence.close();
      redis.disconnect();
      await server.kill();
    }
  });
});
