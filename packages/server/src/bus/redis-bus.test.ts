import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
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

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A private redis-server, so that a test can restart it without touching anyone else's. */
async function privateRedis(port: number) {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createServer().listen(port, '127.0.0.1', () => socket.close(() => resolve(false)));
      socket.on('error', () => resolve(true));
    });
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe.skipIf(!redisUrl)('Redis bus', () => {
  busContract('Redis', openNodes(redisUrl!, 3));

  it('resubscribes by itself after Redis restarts, and asks its node to repair', async () => {
    const port = await freePort();
    let redis = await privateRedis(port);
    const url = `redis://127.0.0.1:${port}`;
    const { nodes, close } = await openNodes(url, 2)();
    const [a, b] = nodes as [NonNullable<(typeof nodes)[0]>, NonNullable<(typeof nodes)[1]>];
    const resyncs: number[] = [];
    b.onResync(() => resyncs.push(Date.now()));
    const seen: BusEvent[] = [];
    b.subscribe((event) => seen.push(event));
    try {
      await redis.stop();
      redis = await privateRedis(port);
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
      await redis.stop();
    }
  }, 30_000);
});

if (!redisUrl) {
  describe('Redis bus', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}
