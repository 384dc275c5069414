import type { FastifyInstance } from 'fastify';
import type { MeReply, PasswordReply, SigninReply, SignupReply } from '@parley/protocol';
import { publicUser, type Accounts } from '../../auth/accounts.js';
import type { ChatContext } from '../../chat/chat-context.js';
import type { Metrics } from '../../metrics/metrics.js';
import type { AuthGuard } from '../auth-guard.js';
import { requireUser, userOf } from '../authenticate.js';

export function accountRoutes(app: FastifyInstance, ctx: ChatContext, accounts: Accounts, guard: AuthGuard, metrics: Pick<Metrics, 'signins'>): void {
  app.post('/api/signup', async (request, reply): Promise<SignupReply> => {
    guard.admitAddress(request);
    const user = await accounts.signup(request.body);
    void reply.status(201);
    return { user };
  });

  app.post('/api/signin', async (request): Promise<SigninReply> => {
    guard.admitAddress(request);
    const phone = (request.body as { phone?: unknown } | undefined)?.phone;
    const key = typeof phone === 'string' ? phone : '';
    guard.admitPhone(request, key);
    try {
      const result = await accounts.signin(request.body);
      guard.succeeded(request, key);
      metrics.signins.labels('success').inc();
      return result;
    } catch (error) {
      guard.failed(request, key);
      metrics.signins.labels('failure').inc();
      throw error;
    }
  });

  app.post('/api/signout', { preHandler: requireUser(accounts) }, async (request, reply) => {
    const tokenHash = await accounts.signout(request.token!);
    ctx.bus.publish({ type: 'revoke', tokenHash });
    return reply.status(204).send();
  });

  // A new password ends every session of the account (a thief's included); this one continues
  // with the fresh token in the reply.
  app.post('/api/password', { preHandler: requireUser(accounts) }, async (request): Promise<PasswordReply> => {
    guard.admitAddress(request);
    const { token, user, endedTokenHashes } = await accounts.changePassword(userOf(request), request.body);
    for (const tokenHash of endedTokenHashes) ctx.bus.publish({ type: 'revoke', tokenHash });
    return { token, user };
  });

  app.get('/api/me', { preHandler: requireUser(accounts) }, async (request): Promise<MeReply> => ({ user: publicUser(userOf(request)) }));
}
