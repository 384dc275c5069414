import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAccounts, defaultSessionPolicy, type SessionPolicy } from './auth/accounts.js';
import type { Bus } from './bus/bus.js';
import { createLocalBus } from './bus/local-bus.js';
import { connectRedis, createRedisBus } from './bus/redis-bus.js';
import { defaultChatOptions, type ChatContext, type ChatOptions } from './chat/chat-context.js';
import { defaultCommitRules, type CommitRules } from './chat/events/apply-command.js';
import { FanOut } from './chat/fan-out.js';
import { eventsFromStorage, repairFromStorage } from './chat/repair.js';
import { closeRevokedSockets } from './chat/revocation.js';
import { RoomNames } from './chat/room-names.js';
import { SocketRegistry } from './chat/socket-registry.js';
import { PresenceSignals, type PresenceTimings } from './chat/presence-signals.js';
import { ReceiptSignals } from './chat/receipt-signals.js';
import { TypingSignals } from './chat/typing-signals.js';
import { ConnectionCap } from './http/connection-cap.js';
import { createHttpApp } from './http/http-app.js';
import { LocalBlobStore } from './uploads/local-blob-store.js';
import { UploadStaging } from './uploads/upload-staging.js';
import { S3BlobStore, type S3Options } from './uploads/s3-blob-store.js';
import { defaultUploadLimits, type UploadLimits } from './uploads/upload-limits.js';
import { UploadSweeper } from './uploads/upload-sweeper.js';
import { UserLimiter } from './limits/user-limiter.js';
import { createLogger, type Logger } from './log.js';
import { startMetricsServer } from './metrics/metrics-server.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { createLocalPresence } from './presence/local-presence.js';
import type { Presence } from './presence/presence.js';
import { createRedisPresence } from './presence/redis-presence.js';
import { createRedisUserConnections } from './presence/redis-user-connections.js';
import { createLocalUserConnections, type UserConnections } from './presence/user-connections.js';
import { defaultLimits, type ServerLimits } from './server-limits.js';
import { parleyVersion } from './version.js';
import { createPostgresStorage } from './storage/postgres/postgres-storage.js';
import { createSqliteStorage } from './storage/sqlite/sqlite-storage.js';
import type { Storage } from './storage/storage.js';
import { attachGateway } from './ws/gateway.js';

export interface ServerOptions {
  /** Directory of the SQLite database (created if missing); unused with `databaseUrl`. */
  dataDir: string;
  /** PostgreSQL instead of SQLite, for several nodes sharing one database. */
  databaseUrl?: string;
  /** PostgreSQL schema for Parley's tables (default public). */
  databaseSchema?: string;
  /** Redis for fan-out, presence and revocation between nodes; needs `databaseUrl`. */
  redisUrl?: string;
  /** Prefix of Parley's Redis keys and channels (default "parley:"). */
  redisPrefix?: string;
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
  /** Overrides of the protection limits (see ServerLimits for the defaults); `userBudgets` by kind. */
  limits?: Partial<Omit<ServerLimits, 'userBudgets'>> & { userBudgets?: Partial<ServerLimits['userBudgets']> };
  /** Origins whose pages may open WebSockets; default null: same origin only. ['*'] allows any. */
  allowedOrigins?: readonly string[] | null;
  /** Trust X-Forwarded-For for client addresses (behind your own reverse proxy). Default false. */
  trustProxy?: boolean;
  /**
   * The URL people open Parley at (scheme, host, port), e.g. https://chat.example.com. Pages
   * of this origin may open WebSockets; default null: the origin the request's Host names.
   */
  publicUrl?: string | null;
  /** Session expiry; default 30 days idle, 90 days at most. */
  sessionPolicy?: SessionPolicy;
  /** How long after sending a message its sender may edit it, in ms (default 24 h; 0 = no limit). */
  editWindowMs?: number;
  /** Quotas on rooms (see ChatOptions for the defaults). */
  chat?: Partial<Omit<ChatOptions, 'presence'>> & { presence?: Partial<PresenceTimings> };
  /**
   * GET /metrics (Prometheus): on the main port to bearers of `token`, and/or on its own `port`
   * of `host` (default 127.0.0.1). Neither set: metrics are counted but not served.
   */
  metrics?: { token?: string | undefined; port?: number | undefined; host?: string | undefined };
  /** Limits on uploaded files (see UploadLimits for the defaults); the files live under `dataDir`... */
  uploads?: Partial<UploadLimits>;
  /** ...or in this S3-compatible bucket (several nodes then serve each other's uploads). */
  s3?: S3Options;
  logger?: Logger;
}

export interface RunningServer {
  /** Base URL for clients, e.g. http://127.0.0.1:6789 */
  url: string;
  port: number;
  /** This process's id among the nodes sharing a database. */
  nodeId: string;
  storage: Storage;
  metrics: Metrics;
  /** The port of the separate metrics listener, when there is one. */
  metricsPort: number | undefined;
  /** Stops accepting, tells clients to reconnect, finishes writes in flight, closes storage. */
  close(): Promise<void>;
}

/** Thrown for a combination of options that cannot work; one sentence for the operator. */
export class SetupError extends Error {}

const defaultWebRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

async function openStorage(options: ServerOptions, metrics: Metrics, log: Logger): Promise<Storage> {
  const rules: CommitRules = { ...defaultCommitRules, ...(options.editWindowMs !== undefined ? { editWindowMs: options.editWindowMs } : {}) };
  if (options.databaseUrl) {
    return createPostgresStorage({ url: options.databaseUrl, rules, metrics, log, ...(options.databaseSchema ? { schema: options.databaseSchema } : {}) });
  }
  return createSqliteStorage({ dataDir: options.dataDir, rules, metrics, log, ...(options.synchronous ? { synchronous: options.synchronous } : {}) });
}

async function openBusAndPresence(
  options: ServerOptions,
  nodeId: string,
  log: Logger,
  metrics: Metrics,
): Promise<{ bus: Bus; presence: Presence; connections: UserConnections; close(): Promise<void> }> {
  if (!options.redisUrl) {
    const bus = createLocalBus(metrics);
    const presence = createLocalPresence();
    const connections = createLocalUserConnections();
    return { bus, presence, connections, close: async () => void (await Promise.all([bus.close(), presence.close(), connections.close()])) };
  }
  const prefix = options.redisPrefix ?? 'parley:';
  const bus = await createRedisBus({ url: options.redisUrl, prefix, nodeId, log, metrics });
  const redis = await connectRedis(options.redisUrl, `parley-presence-${nodeId}`);
  const presence = createRedisPresence({ redis, prefix, nodeId });
  const connections = createRedisUserConnections({ redis, prefix, nodeId, log });
  return {
    bus,
    presence,
    connections,
    async close() {
      await connections.close();
      await presence.close();
      await bus.close();
      await redis.quit().catch(() => {});
    },
  };
}

/** Starts a Parley server: the composition root shared by main.ts and the tests. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  if (options.redisUrl && !options.databaseUrl) {
    throw new SetupError('PARLEY_REDIS_URL needs PARLEY_DATABASE_URL too: nodes must share one PostgreSQL database, not each keep an SQLite file.');
  }
  const log = options.logger ?? createLogger('warn');
  const nodeId = randomBytes(6).toString('hex');
  const served = options.metrics?.token !== undefined || options.metrics?.port !== undefined;
  // Node's process metrics cost a timer and a GC observer: only when someone can read them.
  const metrics = createMetrics({ defaultMetrics: served });
  metrics.buildInfo.labels(parleyVersion()).set(1);
  const opened: (() => Promise<void>)[] = [];
  const closeOpened = async () => {
    for (const close of opened.splice(0).reverse()) await close().catch(() => {});
  };
  try {
    const storage = await openStorage(options, metrics, log);
    opened.push(() => storage.close());
    const messaging = await openBusAndPresence(options, nodeId, log, metrics);
    opened.push(() => messaging.close());
    const registry = new SocketRegistry();
    let ctx: ChatContext | undefined;
    const fanOut = new FanOut(messaging.bus, registry, eventsFromStorage(() => ctx!, storage), log, metrics);
    opened.push(async () => fanOut.close());
    const stopRevoking = closeRevokedSockets(messaging.bus, registry);
    opened.push(async () => stopRevoking());
    const chatOptions: ChatOptions = { ...defaultChatOptions, ...options.chat, presence: { ...defaultChatOptions.presence, ...options.chat?.presence } };
    const typing = new TypingSignals(messaging.bus, registry, Date.now, chatOptions.typingBatchMs);
    opened.push(async () => typing.close());
    const receipts = new ReceiptSignals(messaging.bus, registry);
    opened.push(async () => receipts.close());
    const presenceSignals = new PresenceSignals(messaging.bus, messaging.presence, storage, registry, chatOptions.presence);
    opened.push(async () => presenceSignals.close());
    ctx = {
      storage,
      bus: messaging.bus,
      presence: messaging.presence,
      registry,
      fanOut,
      roomNames: new RoomNames(storage, messaging.bus),
      typing,
      receipts,
      presenceSignals,
      options: chatOptions,
    };
    const chat = ctx;
    messaging.bus.onResync(() => {
      repairFromStorage(chat, log).catch((error: unknown) => log.error('repair after bus reconnect failed', { error }));
    });
    const accounts = createAccounts(storage, options.sessionPolicy ?? defaultSessionPolicy);
    const limits: ServerLimits = { ...defaultLimits, ...options.limits, userBudgets: { ...defaultLimits.userBudgets, ...options.limits?.userBudgets } };
    const userLimiter = new UserLimiter(limits.userBudgets, log);
    const publicUrl = options.publicUrl ? new URL(options.publicUrl) : null;
    const connectionCap = new ConnectionCap(limits.connectionsPerAddress, log);
    const staging = new UploadStaging(options.dataDir);
    await staging.open();
    const blobs = options.s3 ? new S3BlobStore(options.s3) : new LocalBlobStore(options.dataDir);
    if (blobs instanceof LocalBlobStore) await blobs.open();
    const uploadLimits: UploadLimits = { ...defaultUploadLimits, ...options.uploads };
    const sweeper = new UploadSweeper(storage, blobs, staging, uploadLimits, log);
    sweeper.start();
    opened.push(() => sweeper.stop());
    const app = await createHttpApp(chat, accounts, log, {
      blobs,
      staging,
      uploadLimits,
      webRoot: options.webRoot === undefined ? defaultWebRoot : options.webRoot,
      limits,
      trustProxy: options.trustProxy ?? false,
      publicUrl,
      connectionCap,
      userLimiter,
      requestIdPrefix: nodeId,
      metrics,
      metricsToken: options.metrics?.token,
    });
    const gateway = attachGateway(app.server, chat, accounts, log, {
      limits,
      metrics,
      allowedOrigins: options.allowedOrigins ?? null,
      publicUrl,
      trustProxy: options.trustProxy ?? false,
      // Behind a proxy the HTTP app cannot count by address; the gateway counts WebSockets.
      connectionCap: options.trustProxy ? connectionCap : null,
      userLimiter,
      userConnections: messaging.connections,
      ...(options.authTimeoutMs !== undefined ? { authTimeoutMs: options.authTimeoutMs } : {}),
    });
    // Closed in this order: no new sockets, acks out, HTTP down, then the bus and storage.
    opened.push(async () => {
      await gateway.close();
      await app.close();
    });
    await app.listen({ port: options.port ?? 6789, host: options.host ?? '0.0.0.0' });
    const port = (app.server.address() as AddressInfo).port;
    let metricsPort: number | undefined;
    if (options.metrics?.port !== undefined) {
      const metricsServer = await startMetricsServer(metrics, { port: options.metrics.port, host: options.metrics.host ?? '127.0.0.1', ...(options.metrics.token ? { token: options.metrics.token } : {}) });
      opened.push(() => metricsServer.close());
      metricsPort = metricsServer.port;
    }
    const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
    let closed: Promise<void> | undefined;
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      port,
      nodeId,
      storage,
      metrics,
      metricsPort,
      close() {
        closed ??= closeOpened();
        return closed;
      },
    };
  } catch (error) {
    await closeOpened();
    throw error;
  }
}
