import type { FastifyInstance } from 'fastify';
import type { MeReply, SigninReply, SignupReply } from '@parley/protocol';
import { publicUser, type Accounts } from '../../auth/accounts.js';
import type { ChatContext } from '../../chat/chat-context.js';
import { requireUser, userOf } from '../authenticate.js';

export function accountRoutes(app: FastifyInstance, ctx: ChatContext, accounts: Accounts): void {
  app.post('/api/signup', async (request, reply): Promise<SignupReply> => {
    const user = await accounts.signup(request.body);
    void reply.status(201);
    return { user };
  });

  app.post('/api/signin', async (request): Promise<SigninReply> => accounts.signin(request.body));

  app.post('/api/signout', { preHandler: requireUser(accounts) }, async (request, reply) => {
    const tokenHash = await accounts.signout(request.token!);
    ctx.bus.publish({ type: 'revoke', tokenHash });
    return reply.status(204).send();
  });

  app.get('/api/me', { preHandler: requireUser(accounts) }, async (request): Promise<MeReply> => ({ user: publicUser(userOf(request)) }));
}
