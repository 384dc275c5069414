import { connectAll } from '../load/connect-all.js';
import { progress } from '../load/progress.js';
import { RawClient } from '../load/raw-client.js';
import { startTarget, type TargetName } from '../servers/targets.js';
import type { CapacityRun } from './results.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/**
 * Idle connections, opened in batches up to `total`, with the server's RSS after each batch.
 * Parley's are authenticated (20 per user, the per-user cap, over users that share no room, so
 * that no presence traffic flows); the peers' are plain sessions (Socket.IO: connected to `/`).
 */
export async function runCapacity(target: TargetName, total: number, batch: number): Promise<CapacityRun> {
  const users = Math.ceil(total / 20);
  const server = await startTarget(target, { users: target === 'parley' ? users : 0, rooms: [] });
  const clients: RawClient[] = [];
  const keepAlive = setInterval(() => {
    for (const client of clients) client.keepAlive();
  }, 20_000);
  try {
    await settle();
    const baseRss = server.proc.rssBytes();
    const samples = [{ connections: 0, rssMb: baseRss / 2 ** 20 }];
    const started = performance.now();
    let connected = 0;
    let firstError: string | null = null;
    for (let from = 0; from < total; from += batch) {
      const opens: (() => Promise<void>)[] = [];
      for (let i = from; i < Math.min(total, from + batch); i++) {
        opens.push(() => {
          const hello = server.dialect.hello(server.tokens?.[i % users] ?? null);
          const client = new RawClient({ port: server.port, path: server.dialect.path(null), mode: 'sink', ready: server.dialect.ready, ...(hello ? { hello } : {}) });
          clients.push(client);
          return client.opened;
        });
      }
      const result = await connectAll(opens, 200);
      connected += result.ok;
      firstError ??= result.firstError;
      await settle();
      samples.push({ connections: connected, rssMb: server.proc.rssBytes() / 2 ** 20 });
      progress(`capacity ${target}: ${connected} connected (${result.failed} failed), server RSS ${samples.at(-1)!.rssMb.toFixed(0)} MB`);
      if (result.ok === 0) break;
    }
    const seconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const finalRss = server.proc.rssBytes();
    const stillOpen = clients.filter((c) => !c.closed && c.isReady).length;
    return {
      target,
      attempted: total,
      connected,
      stillOpen,
      baseRssMb: baseRss / 2 ** 20,
      finalRssMb: finalRss / 2 ** 20,
      bytesPerConnection: connected > 0 ? (finalRss - baseRss) / connected : 0,
      seconds,
      samples,
      firstError,
    };
  } finally {
    clearInterval(keepAlive);
    for (const client of clients) client.close();
    await server.stop();
  }
}
