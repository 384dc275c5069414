import type { FastifyInstance } from 'fastify';
import { ParleyError, mePatchBody, parseInput, type MeReply, type PasswordReply, type SigninReply, type SignupReply } from '@parley/protocol';
import { publicUser, type Accounts } from '../../auth/accounts.js';
import type { ChatContext } from '../../chat/chat-context.js';
import { exportUser } from '../../chat/export.js';
import { updateSettings } from '../../chat/receipts.js';
import { myStatus } from '../../chat/status.js';
import { Readable } from 'node:stream';
import type { Metrics } from '../../metrics/metrics.js';
import type { AuthGuard } from '../auth-guard.js';
import { userOf, type Authed } from '../authenticate.js';
import { clearMediaCookie } from '../media-cookie.js';

export function accountRoutes(app: FastifyInstance, ctx: ChatContext, accounts: Accounts, guard: AuthGuard, authed: Authed, metrics: Pick<Metrics, 'signins'>): void {
  app.post('/api/signup', async (request, reply): Promise<SignupReply> => {
    guard.admitAddress(request);
    guard.admitSignup(request);
    let user;
    try {
      user = await accounts.signup(request.body);
    } catch (error) {
      if (error instanceof ParleyError && error.code === 'phone_taken') guard.phoneTaken(request);
      throw error;
    }
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
      // Only a wrong phone or password counts: a malformed body is no guess.
      if (error instanceof ParleyError && error.code === 'invalid_credentials') guard.failed(request, key);
      metrics.signins.labels('failure').inc();
      throw error;
    }
  });

  app.post('/api/signout', authed(), async (request, reply) => {
    const tokenHash = await accounts.signout(request.token!);
    ctx.bus.publish({ type: 'revoke', tokenHash });
    // The media cookie held this session's token: it goes too (it would be refused anyway).
    clearMediaCookie(request, reply, null);
    return reply.status(204).send();
  });

  // A new password ends every session of the account (a thief's included); this one continues
  // with the fresh token in the reply.
  app.post('/api/password', authed(), async (request): Promise<PasswordReply> => {
    guard.admitAddress(request);
    const { token, user, endedTokenHashes } = await accounts.changePassword(userOf(request), request.body);
    for (const tokenHash of endedTokenHashes) ctx.bus.publish({ type: 'revoke', tokenHash });
    return { token, user };
  });

  // A data request: everything the user wrote and every chat they are in, streamed as one JSON
  // document, offered as a download.
  app.get('/api/me/export', authed('export'), async (request, reply) => {
    const user = userOf(request);
    const day = new Date().toISOString().slice(0, 10);
    void reply.header('content-type', 'application/json; charset=utf-8').header('content-disposition', `attachment; filename="parley-export-${day}.json"`).header('cache-control', 'no-store');
    return reply.send(Readable.from(exportUser(ctx, user)));
  });

  app.get('/api/me', authed(), async (request): Promise<MeReply> => {
    const user = userOf(request);
    return { user: publicUser(user), settings: { readReceipts: user.readReceipts }, status: myStatus(user.status) };
  });

  app.patch('/api/me', authed('settings'), async (request): Promise<MeReply> => {
    const user = userOf(request);
    const patch = parseInput(mePatchBody, request.body, 'settings');
    return { user: publicUser(user), settings: await updateSettings(ctx, user, patch), status: myStatus(user.status) };
  });
}
