import { limits, parseInput, searchQuery, type UsersReply } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../../auth/accounts.js';
import { toPublicUsers, type ChatContext } from '../../chat/chat-context.js';
import { requireUser } from '../authenticate.js';

export function userRoutes(app: FastifyInstance, ctx: ChatContext, accounts: Accounts): void {
  app.get('/api/users', { preHandler: requireUser(accounts) }, async (request): Promise<UsersReply> => {
    const query = parseInput(searchQuery, request.query, 'query');
    const users = await ctx.storage.users.searchUsers(query.q ?? '', query.limit ?? limits.searchMax);
    return { users: await toPublicUsers(ctx, users) };
  });
}
