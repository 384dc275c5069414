import { limits, parseInput, searchQuery, type UsersReply } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { toPublicUsers, type ChatContext } from '../../chat/chat-context.js';
import type { Authed } from '../authenticate.js';

export function userRoutes(app: FastifyInstance, ctx: ChatContext, authed: Authed): void {
  app.get('/api/users', authed('search'), async (request): Promise<UsersReply> => {
    const query = parseInput(searchQuery, request.query, 'query');
    const users = await ctx.storage.users.searchUsers(query.q ?? '', query.limit ?? limits.searchMax);
    return { users: await toPublicUsers(ctx, users) };
  });
}
