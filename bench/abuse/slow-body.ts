import { connect, type Socket } from 'node:net';
import type { AttackTally } from './attack-loops.js';

/**
 * Slow bodies: `count` connections each start a sign-in whose body never finishes, one byte a
 * second, until `until`. The server should refuse connections past its per-address cap and
 * time the rest out (after its request timeout, 30 s by default, longer than a bench window).
 */
export async function slowBodies(port: number, count: number, localAddress: string, until: number): Promise<AttackTally> {
  const t: AttackTally = { what: 'slow-body connections', sent: 0, ok: 0, rateLimited: 0, other: {}, closed: 0 };
  const sockets: Socket[] = [];
  let over = false;
  const head = `POST /api/signin HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{`;
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve) => {
        t.sent++;
        const socket = connect({ host: '127.0.0.1', port, localAddress }, () => {
          socket.write(head);
          resolve();
        });
        let done = false;
        const end = (why: string) => {
          if (done || over) return;
          done = true;
          t.other[why] = (t.other[why] ?? 0) + 1;
          t.closed++;
          resolve();
        };
        // Whatever the server answers (408, 503) or however it hangs up, the connection is over.
        socket.on('data', (data: Buffer) => end(`answered ${/^HTTP\/1\.1 (\d+)/.exec(data.toString('latin1'))?.[1] ?? '?'}`));
        socket.on('error', () => end('reset'));
        socket.on('close', () => end('closed'));
        sockets.push(socket);
      }),
    ),
  );
  const drip = setInterval(() => {
    for (const socket of sockets) if (!socket.destroyed) socket.write(' ');
  }, 1000);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, until - performance.now())));
  clearInterval(drip);
  over = true;
  t.other.still_open = sockets.filter((s) => !s.destroyed).length;
  for (const socket of sockets) socket.destroy();
  return t;
}
