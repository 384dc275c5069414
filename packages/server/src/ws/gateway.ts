import { closeCodes, limits as protocolLimits } from '@parley/protocol';
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Accounts } from '../auth/accounts.js';
import type { ChatContext } from '../chat/chat-context.js';
import type { Logger } from '../log.js';
import { connectionRefusedUpgrade, type ConnectionCap } from '../http/connection-cap.js';
import type { UserLimiter } from '../limits/user-limiter.js';
import type { Metrics } from '../metrics/metrics.js';
import type { UserConnections } from '../presence/user-connections.js';
import type { ServerLimits } from '../server-limits.js';
import { ClientSession } from './client-session.js';
import { flushFrames } from './frame-batcher.js';
import { Heartbeat } from './heartbeat.js';
import { isOriginAllowed, type HandshakeTarget } from './origin.js';
import { SessionRevalidator } from './session-revalidator.js';

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
  /** The origin people open Parley at, which the same-origin check compares against. */
  publicUrl: URL | null;
  /** Believe X-Forwarded-Proto about the scheme a handshake arrived by (behind your own proxy). */
  trustProxy: boolean;
  /** Behind a proxy: counts WebSockets per forwarded address (else the HTTP server counts TCP). */
  connectionCap: ConnectionCap | null;
  /** Per-user budgets for the costly frames. */
  userLimiter: UserLimiter;
  /** Connections per user, counted over every node. */
  userConnections: UserConnections;
}

export interface Gateway {
  /** Closes every connection with a "reconnect" code and stops accepting new ones. */
  close(): Promise<void>;
}

/** Where a handshake was sent: its Host, and whether it came over TLS (or a trusted proxy says it did). */
function handshakeTarget(request: IncomingMessage, trustProxy: boolean): HandshakeTarget {
  const forwarded = request.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  const secure = (request.socket as TLSSocket).encrypted === true || (trustProxy && proto === 'https');
  return { host: request.headers.host, secure };
}

/** The WebSocket endpoint at /ws, sharing the HTTP server's port. */
export function attachGateway(server: Server, ctx: ChatContext, accounts: Accounts, log: Logger, options: GatewayOptions): Gateway {
  const wss = new WebSocketServer({ noServer: true, maxPayload: protocolLimits.frameBytesMax, perMessageDeflate: false });
  const heartbeat = new Heartbeat(options.limits.heartbeatMs, () => options.metrics.heartbeatTimeouts.inc());
  options.metrics.countConnectionsWith(() => ({ open: wss.clients.size, authenticated: ctx.registry.all().length }));
  const revalidator = new SessionRevalidator(ctx.registry, accounts, log, options.limits.sessionRecheckMs);
  const deps = {
    ctx,
    accounts,
    log,
    metrics: options.metrics,
    limits: options.limits,
    heartbeat,
    userLimiter: options.userLimiter,
    userConnections: options.userConnections,
    authTimeoutMs: options.authTimeoutMs ?? protocolLimits.authTimeoutSeconds * 1000,
    isClosing: () => closing,
  };
  let closing = false;
  const originPolicy = { allowed: options.allowedOrigins, publicOrigin: options.publicUrl?.origin ?? null };

  const refuse = (socket: Duplex, status: string) => socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/ws') return refuse(socket, '404 Not Found');
    if (closing) return refuse(socket, '503 Service Unavailable');
    if (!isOriginAllowed(request.headers.origin, handshakeTarget(request, options.trustProxy), originPolicy)) return refuse(socket, '403 Forbidden');
    if (options.connectionCap && !options.connectionCap.admitUpgrade(request, socket as Socket)) return void socket.end(connectionRefusedUpgrade);
    wss.handleUpgrade(request, socket, head, (ws) => void new ClientSession(ws, deps));
  };
  server.on('upgrade', onUpgrade);

  return {
    async close() {
      closing = true;
      heartbeat.stop();
      revalidator.stop();
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
