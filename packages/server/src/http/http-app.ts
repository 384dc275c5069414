import Fastify, { type FastifyInstance } from 'fastify';
import { limits } from '@parley/protocol';
import type { Accounts } from '../auth/accounts.js';
import type { ChatContext } from '../chat/chat-context.js';
import type { Logger } from '../log.js';
import { installErrorBoundary } from './error-boundary.js';
import { accountRoutes } from './routes/account-routes.js';
import { roomRoutes } from './routes/room-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { serveWebApp } from './static-web.js';

export interface HttpAppOptions {
  /** Directory of the built web app; null to serve the API alone. */
  webRoot: string | null;
}

/** The HTTP API (and the web app's files). Routes are registered here, handlers live by area. */
export async function createHttpApp(ctx: ChatContext, accounts: Accounts, log: Logger, options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: limits.frameBytesMax, forceCloseConnections: true });
  app.decorateRequest('user', null);
  app.decorateRequest('token', null);
  installErrorBoundary(app, log);
  app.get('/api/health', async () => ({ status: 'ok' }));
  accountRoutes(app, ctx, accounts);
  userRoutes(app, ctx, accounts);
  roomRoutes(app, ctx, accounts);
  if (options.webRoot) await serveWebApp(app, options.webRoot);
  return app;
}
