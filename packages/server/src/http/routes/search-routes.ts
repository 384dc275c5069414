import { messageSearchQuery, parseInput, type MessageSearchReply } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { ChatContext } from '../../chat/chat-context.js';
import { searchMessages } from '../../chat/search.js';
import { userOf, type Authed } from '../authenticate.js';

export function searchRoutes(app: FastifyInstance, ctx: ChatContext, authed: Authed): void {
  app.get('/api/search', authed('search'), async (request): Promise<MessageSearchReply> => {
    const query = parseInput(messageSearchQuery, request.query, 'query');
    return searchMessages(ctx, { user: userOf(request) }, query);
  });
}
