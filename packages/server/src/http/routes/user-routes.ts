import { limits, normalizePhone, parseInput, peopleQuery, searchQuery, type FoundUser, type PeopleReply, type UsersReply } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { ChatContext } from '../../chat/chat-context.js';
import { people } from '../../chat/people.js';
import { foldCase } from '../../storage/like.js';
import type { UserQuery } from '../../storage/storage.js';
import { userOf, type Authed } from '../authenticate.js';

/**
 * What a user search looks for. Digits (with an optional +, spaces, dashes) are a phone: the
 * whole number finds its owner, anyone; a start of one finds only people one shares a room
 * with, so that digits cannot page through the directory. Anything else is the start of a word
 * of a name, among those people too.
 */
function userQuery(q: string): UserQuery {
  const text = q.trim();
  const digits = normalizePhone(text);
  if (text !== '' && /^\d+$/.test(digits)) {
    const whole = digits.length >= limits.phoneMinDigits && digits.length <= limits.phoneMaxDigits;
    return { phonePrefix: digits, ...(whole ? { exactPhone: digits } : {}) };
  }
  if (text === '') return {};
  const folded = foldCase(text);
  return { nameWord: folded.split(' ')[0]!, nameContains: folded };
}

export function userRoutes(app: FastifyInstance, ctx: ChatContext, authed: Authed): void {
  // Phones are shown for everyone found (one found a stranger only by their whole number);
  // presence only to people who share a room with them, as pushes are.
  app.get('/api/users', authed('search'), async (request): Promise<UsersReply> => {
    const query = parseInput(searchQuery, request.query, 'query');
    const found = await ctx.storage.users.findUsersFor(userOf(request).id, userQuery(query.q ?? ''), query.limit ?? limits.searchMax);
    const views = await ctx.presenceSignals.viewsOf(found.filter((f) => f.coMember).map((f) => f.user));
    const users = found.map(({ user }): FoundUser => ({ name: user.name, phone: user.phone, ...views.get(user.id) }));
    return { users };
  });

  // The People view: everyone one shares a room with, page by page (the search above stops at 50).
  // Paged like the room list, and on its budget: loading a list, not searching.
  app.get('/api/me/people', authed('roomList'), async (request): Promise<PeopleReply> => {
    const query = parseInput(peopleQuery, request.query, 'query');
    return people(ctx, { user: userOf(request) }, query);
  });
}
