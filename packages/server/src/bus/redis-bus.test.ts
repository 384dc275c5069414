import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startPrivateRedis } from '../../test/helpers/ports.js';
import { testServices } from '../../test/helpers/services.js';
import { createLogger } from '../log.js';
import { busContract } from './bus.contract.js';
import type { BusEvent } from './bus.js';
import { createRedisBus } from './redis-bus.js';

const { redisUrl, skipReason } = testServices();
const log = createLogger('silent');

const openNodes = (url: string, count: number) => async () => {
  const prefix = `parley-test-${randomBytes(6).toString('hex')}:`;
  const nodes = await Promise.all(Array.from({ length: count }, (_, i) => createRedisBus({ url, prefix, nodeId: `node${i}`, log })));
  return { nodes, close: async () => void (await Promise.all(nodes.map((n) => n.close()))) };
};

describe.skipIf(!redisUrl)('Redis bus', () => {
  busContract('Redis', openNodes(redisUrl!, 3));

  it('resubscribes by itself after Redis restarts, and asks its node to repair', async () => {
    const redis = await startPrivateRedis();
    const { nodes, close } = await openNodes(redis.url, 2)();
    const [a, b] = nodes as [NonNullable<(typeof nodes)[0]>, NonNullable<(typeof nodes)[1]>];
    const resyncs: number[] = [];
    b.onResync(() => resyncs.push(Date.now()));
    const seen: BusEvent[] = [];
    b.subscribe((event) => seen.push(event));
    try {
      await redis.kill();
      await redis.restart();
      for (let i = 0; i < 200 && resyncs.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(resyncs).toHaveLength(1);
      // Listening again: a publication after the restart arrives.
      const event: BusEvent = { type: 'revoke', tokenHash: 'after-restart' };
      for (let i = 0; i < 100 && seen.length === 0; i++) {
        a.publish(event);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(seen[0]).toEqual(event);
    } finally {
      await close();
      await redis.kill();
    }
  }, 30_000);
});

if (!redisUrl) {
  describe('Redis bus', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}
