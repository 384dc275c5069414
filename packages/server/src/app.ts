import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAccounts, defaultSessionPolicy, type SessionPolicy } from './auth/accounts.js';
import { createLocalBus } from './bus/local-bus.js';
import type { ChatContext } from './chat/chat-context.js';
import { attachFanOut } from './chat/fan-out.js';
import { SessionRegistry } from './chat/session-registry.js';
import { createHttpApp } from './http/http-app.js';
import { createLogger, type Logger } from './log.js';
import { defaultLimits, type ServerLimits } from './server-limits.js';
import { createSqliteStorage } from './storage/sqlite/sqlite-storage.js';
import type { Storage } from './storage/storage.js';
import { attachGateway } from './ws/gateway.js';

export interface ServerOptions {
  /** Directory of the SQLite database (created if missing). */
  dataDir: string;
  /** TCP port; 0 picks a free one (tests). Default 6789. */
  port?: number;
  /** Interface to listen on. Default 0.0.0.0 (all IPv4 interfaces). */
  host?: string;
  /** How long a WebSocket may stay unauthenticated. Default 10 s. */
  authTimeoutMs?: number;
  /** The built web app; default packages/web/dist beside this package; null serves the API only. */
  webRoot?: string | null;
  /** SQLite synchronous mode; default FULL (acks survive power loss). */
  synchronous?: 'FULL' | 'NORMAL';
  /** Overrides of the protection limits (see ServerLimits for the defaults). */
  limits?: Partial<ServerLimits>;
  /** Origins whose pages may open WebSockets; default null: same origin only. ['*'] allows any. */
  allowedOrigins?: readonly string[] | null;
  /** Trust X-Forwarded-For for client addresses (behind your own reverse proxy). Default false. */
  trustProxy?: boolean;
  /** Session expiry; default 30 days idle, 90 days at most. */
  sessionPolicy?: SessionPolicy;
  logger?: Logger;
}

export interface RunningServer {
  /** Base URL for clients, e.g. http://127.0.0.1:6789 */
  url: string;
  port: number;
  storage: Storage;
  /** Stops accepting, tells clients to reconnect, finishes writes in flight, closes storage. */
  close(): Promise<void>;
}

const defaultWebRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Starts a Parley server: the composition root shared by main.ts and the tests. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.logger ?? createLogger('warn');
  const storage = createSqliteStorage({ dataDir: options.dataDir, ...(options.synchronous ? { synchronous: options.synchronous } : {}) });
  const ctx: ChatContext = { storage, bus: createLocalBus(), registry: new SessionRegistry() };
  const detachFanOut = attachFanOut(ctx.bus, ctx.registry);
  const accounts = createAccounts(storage, options.sessionPolicy ?? defaultSessionPolicy);
  const limits: ServerLimits = { ...defaultLimits, ...options.limits };
  let app;
  try {
    app = await createHttpApp(ctx, accounts, log, {
      webRoot: options.webRoot === undefined ? defaultWebRoot : options.webRoot,
      limits,
      trustProxy: options.trustProxy ?? false,
    });
  } catch (error) {
    await storage.close();
    throw error;
  }
  const gateway = attachGateway(app.server, ctx, accounts, log, {
    limits,
    allowedOrigins: options.allowedOrigins ?? null,
    ...(options.authTimeoutMs !== undefined ? { authTimeoutMs: options.authTimeoutMs } : {}),
  });
  try {
    await app.listen({ port: options.port ?? 6789, host: options.host ?? '0.0.0.0' });
  } catch (error) {
    await gateway.close();
    await storage.close();
    throw error;
  }
  const port = (app.server.address() as AddressInfo).port;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    storage,
    close() {
      closed ??= (async () => {
        await gateway.close();
        await app.close();
        detachFanOut();
        await ctx.bus.close();
        await storage.close();
      })();
      return closed;
    },
  };
}
