import { closeCodes, limits as protocolLimits } from '@parley/protocol';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Accounts } from '../auth/accounts.js';
import type { ChatContext } from '../chat/chat-context.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics/metrics.js';
import type { ServerLimits } from '../server-limits.js';
import { ClientSession } from './client-session.js';
import { flushFrames } from './frame-batcher.js';
import { Heartbeat } from './heartbeat.js';
import { isOriginAllowed } from './origin.js';

const closeGraceMs = 2000;

/** Lets the handlers, commits and replies already under way run to the end. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

export interface GatewayOptions {
  limits: ServerLimits;
  metrics: Metrics;
  /** How long a connection may stay unauthenticated (default 10 s). */
  authTimeoutMs?: number;
  /** Origins allowed to open WebSockets: null for same-origin only, ['*'] for any. */
  allowedOrigins: readonly string[] | null;
}

export interface Gateway {
  /** Closes every connection with a "reconnect" code and stops accepting new ones. */
  close(): Promise<void>;
}

/** The WebSocket endpoint at /ws, sharing the HTTP server's port. */
export function attachGateway(server: Server, ctx: ChatContext, accounts: Accounts, log: Logger, options: GatewayOptions): Gateway {
  const wss = new WebSocketServer({ noServer: true, maxPayload: protocolLimits.frameBytesMax, perMessageDeflate: false });
  // Sessions whose token reached its absolute expiry are ended like a signout.
  const heartbeat = new Heartbeat(options.limits.heartbeatMs, () => {
    const now = Date.now();
    for (const session of ctx.registry.all()) {
      if (now >= session.expiresAt) session.conn.close(closeCodes.sessionEnded, 'session expired');
    }
  }, () => options.metrics.heartbeatTimeouts.inc());
  options.metrics.countConnectionsWith(() => ({ open: wss.clients.size, authenticated: ctx.registry.all().length }));
  const deps = {
    ctx,
    accounts,
    log,
    metrics: options.metrics,
    limits: options.limits,
    heartbeat,
    authTimeoutMs: options.authTimeoutMs ?? protocolLimits.authTimeoutSeconds * 1000,
    isClosing: () => closing,
  };
  let closing = false;

  const refuse = (socket: Duplex, status: string) => socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/ws') return refuse(socket, '404 Not Found');
    if (closing) return refuse(socket, '503 Service Unavailable');
    if (!isOriginAllowed(request.headers.origin, request.headers.host, options.allowedOrigins)) return refuse(socket, '403 Forbidden');
    wss.handleUpgrade(request, socket, head, (ws) => void new ClientSession(ws, deps));
  };
  server.on('upgrade', onUpgrade);

  return {
    async close() {
      closing = true;
      heartbeat.stop();
      server.off('upgrade', onUpgrade);
      // Frames already accepted finish first: their group commit runs on the next turn, and
      // their acks then go out ahead of the close frame.
      await settle();
      flushFrames();
      for (const ws of wss.clients) ws.close(closeCodes.serverRestart, 'server restarting');
      // Clients get a moment to answer the close handshake; one that does not is cut off.
      const cutOff = setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, closeGraceMs);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      clearTimeout(cutOff);
    },
  };
}
