import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe } from 'vitest';
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
});
