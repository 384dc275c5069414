import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import { createServer } from 'node:http';
import { ParleyError, limits } from '@parley/protocol';
import type { Accounts } from '../auth/accounts.js';
import type { ChatContext } from '../chat/chat-context.js';
import type { Logger } from '../log.js';
import { metricsRoute } from '../metrics/metrics-route.js';
import type { Metrics } from '../metrics/metrics.js';
import type { ServerLimits } from '../server-limits.js';
import { AuthGuard } from './auth-guard.js';
import type { ConnectionCap } from './connection-cap.js';
import { requireUser, type Authed } from './authenticate.js';
import type { UserLimiter } from '../limits/user-limiter.js';
import { fastifyLoggerFor } from '../logging/fastify-logger.js';
import { installErrorBoundary } from './error-boundary.js';
import { installRequestLog } from './request-log.js';
import { installSecurityHeaders } from './security-headers.js';
import { accountRoutes } from './routes/account-routes.js';
import { consentRoutes } from './routes/consent-routes.js';
import { roomRoutes } from './routes/room-routes.js';
import { roomFilesRoutes } from './routes/room-files-routes.js';
import { uploadRoutes } from './routes/upload-routes.js';
import { userRoutes } from './routes/user-routes.js';
import type { BlobStore } from '../uploads/blob-store.js';
import type { UploadStaging } from '../uploads/upload-staging.js';
import type { UploadLimits } from '../uploads/upload-limits.js';
import { searchRoutes } from './routes/search-routes.js';
import { serveWebApp } from './static-web.js';

export interface HttpAppOptions {
  /** Directory of the built web app; null to serve the API alone. */
  webRoot: string | null;
  limits: ServerLimits;
  /** Take the client address from X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
  /** The origin people open Parley at (`--public-url`), or null to go by each request's Host. */
  publicUrl: URL | null;
  /** Open connections per client address; counted here unless behind a proxy. */
  connectionCap: ConnectionCap;
  /** Per-user budgets, spent by every authenticated request. */
  userLimiter: UserLimiter;
  /** Begins every request id (the node id), so that ids stay unique across nodes and restarts. */
  requestIdPrefix: string;
  metrics: Metrics;
  /** Serve GET /metrics on this port to bearers of this token; unset: not on this port. */
  metricsToken?: string | undefined;
  /** Where uploaded files live, and their limits. */
  blobs: BlobStore;
  staging: UploadStaging;
  uploadLimits: UploadLimits;
}

/** The HTTP API (and the web app's files). Routes are registered here, handlers live by area. */
export async function createHttpApp(ctx: ChatContext, accounts: Accounts, log: Logger, options: HttpAppOptions): Promise<FastifyInstance> {
  const timeoutMs = options.limits.requestTimeoutMs;
  let requests = 0;
  const app = Fastify({
    loggerInstance: fastifyLoggerFor(log),
    // One line per request, written by installRequestLog, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => `${options.requestIdPrefix}-${(++requests).toString(36)}`,
    // A request's headers and body must arrive within the timeout: a client trickling a body a
    // byte at a time cannot hold a connection. Node checks every connection this often.
    serverFactory: (handler) =>
      createServer({ requestTimeout: timeoutMs, headersTimeout: timeoutMs, connectionsCheckingInterval: Math.min(1000, Math.max(50, timeoutMs / 4)) }, handler),
    requestTimeout: timeoutMs,
    // A keep-alive connection with no request in flight is closed after this long.
    keepAliveTimeout: Math.min(timeoutMs, 30_000),
    bodyLimit: limits.frameBytesMax,
    forceCloseConnections: true,
    trustProxy: options.trustProxy,
    // A room name of 64 characters, each percent-encoded as up to 12 bytes, must fit.
    routerOptions: { maxParamLength: 1024 },
    // Errors found before routing (a malformed %-escape, a parameter over the limit) in our terms.
    frameworkErrors: (error, _request, reply) => {
      void (reply as FastifyReply).status(400).send(new ParleyError('invalid_input', `The URL is not valid: ${error.message}`).toBody());
    },
    // A request the HTTP parser cannot read at all: answered in the registry's shape, then closed.
    clientErrorHandler: (error, socket) => {
      const timedOut = (error as NodeJS.ErrnoException).code === 'ERR_HTTP_REQUEST_TIMEOUT';
      const refusal = timedOut
        ? new ParleyError('request_timeout', `The request did not arrive within ${Math.round(timeoutMs / 1000)} s.`)
        : new ParleyError('invalid_input', 'The request is not valid HTTP.');
      const body = JSON.stringify(refusal.toBody());
      const status = timedOut ? '408 Request Timeout' : '400 Bad Request';
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      else socket.destroy();
    },
  });
  if (!options.trustProxy) options.connectionCap.watchTcp(app.server);
  app.decorateRequest('user', null);
  app.decorateRequest('token', null);
  installErrorBoundary(app);
  installRequestLog(app, options.metrics);
  installSecurityHeaders(app, { publicUrl: options.publicUrl });
  // Many HTTP clients send Content-Type: application/json on every request, bodiless ones too
  // (signout): an empty body is no body, not an error.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new ParleyError('invalid_input', 'The body is not valid JSON.'), undefined);
    }
  });
  // For load balancers: 503 while this node cannot reach its storage, so traffic goes elsewhere.
  app.get('/api/health', async () => {
    await ctx.storage.ping();
    return { status: 'ok' };
  });
  const authed: Authed = (kind, authOptions) => ({ preHandler: requireUser(accounts, options.userLimiter, kind, authOptions) });
  accountRoutes(app, ctx, accounts, new AuthGuard(options.limits, log, options.metrics), authed, options.metrics);
  if (options.metricsToken) metricsRoute(app, options.metrics, options.metricsToken);
  userRoutes(app, ctx, authed);
  searchRoutes(app, ctx, authed);
  roomRoutes(app, ctx, authed);
  consentRoutes(app, ctx, authed);
  await uploadRoutes(app, ctx, authed, options.staging, options.blobs, options.uploadLimits, options.publicUrl);
  roomFilesRoutes(app, ctx, authed);
  if (options.webRoot) await serveWebApp(app, options.webRoot);
  return app;
}
