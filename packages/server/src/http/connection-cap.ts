import { ParleyError } from '@parley/protocol';
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { addressKey } from '../limits/address-key.js';
import type { Logger } from '../log.js';

/**
 * At most `max` open connections per client address (an IPv6 /64 counts as one), HTTP and
 * WebSocket together, so that one host cannot hold the server's sockets.
 *
 * Directly on the network, TCP connections are counted as they open: the cap holds before a
 * byte is parsed, which is what stops a slow-loris. Behind a proxy (`trustProxy`) every
 * connection comes from the proxy, so the WebSockets are counted by the forwarded address
 * instead, at the upgrade; the proxy in front holds idle and slow HTTP connections itself.
 */
export class ConnectionCap {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly log: Logger,
  ) {}

  /** Counts every TCP connection the server accepts; refuses those past the cap with 429. */
  watchTcp(server: Server): void {
    server.on('connection', (socket: Socket) => {
      const key = addressKey(socket.remoteAddress);
      if (!this.take(key)) return void refuseSocket(socket);
      socket.once('close', () => this.release(key));
    });
  }

  /** Counts a WebSocket by its forwarded address (behind a proxy); false when past the cap. */
  admitUpgrade(request: IncomingMessage, socket: Socket): boolean {
    const key = addressKey(forwardedFor(request) ?? socket.remoteAddress);
    if (!this.take(key)) return false;
    socket.once('close', () => this.release(key));
    return true;
  }

  private take(key: string): boolean {
    const count = this.open.get(key) ?? 0;
    if (count >= this.max) {
      this.log.warn('rate limited', { what: 'connections per address', address: key, max: this.max });
      return false;
    }
    this.open.set(key, count + 1);
    return true;
  }

  private release(key: string): void {
    const count = (this.open.get(key) ?? 1) - 1;
    if (count <= 0) this.open.delete(key);
    else this.open.set(key, count);
  }
}

/** The client address a trusted proxy put first in X-Forwarded-For (as Fastify's trustProxy reads it). */
function forwardedFor(request: IncomingMessage): string | undefined {
  const header = request.headers['x-forwarded-for'];
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim() || undefined;
}

function refuseSocket(socket: Socket): void {
  const body = JSON.stringify(new ParleyError('rate_limited', 'Too many open connections from this address; close some and try again.').toBody());
  socket.end(`HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 5\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  // A client that does not read the answer is not waited for.
  socket.setTimeout(2000, () => socket.destroy());
}

export const connectionRefusedUpgrade = 'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 5\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';
