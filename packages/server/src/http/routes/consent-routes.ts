import { blockBody, parseInput, phoneSchema, type BlocksReply, type InvitationsReply } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { ChatContext } from '../../chat/chat-context.js';
import { block, blockedUsers, myInvitations, unblock } from '../../chat/consent.js';
import { userOf, type Authed } from '../authenticate.js';

/** Invitations waiting for the caller, and the people the caller blocked. */
export function consentRoutes(app: FastifyInstance, ctx: ChatContext, authed: Authed): void {
  app.get('/api/me/invitations', authed(), async (request): Promise<InvitationsReply> => ({ invitations: await myInvitations(ctx, { user: userOf(request) }) }));

  app.get('/api/me/blocks', authed(), async (request): Promise<BlocksReply> => ({ blocked: await blockedUsers(ctx, { user: userOf(request) }) }));

  app.post('/api/blocks', authed(), async (request, reply) => {
    const { phone } = parseInput(blockBody, request.body, 'block');
    await block(ctx, { user: userOf(request) }, phone);
    return reply.status(204).send();
  });

  app.delete<{ Params: { phone: string } }>('/api/blocks/:phone', authed(), async (request, reply) => {
    const phone = parseInput(phoneSchema, request.params.phone, 'phone');
    await unblock(ctx, { user: userOf(request) }, phone);
    return reply.status(204).send();
  });
}
