import { limits, normalizePhone, parseInput, peopleQuery, userSearchQuery, type FoundUser, type PeopleReply, type UsersReply } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { ChatContext } from '../../chat/chat-context.js';
import { readableRoom } from '../../chat/messages.js';
import { people } from '../../chat/people.js';
import { foldCase } from '../../storage/like.js';
import { userSearchScanMax, type FoundUserRecord, type UserQuery } from '../../storage/storage.js';
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
    const query = parseInput(userSearchQuery, request.query, 'query');
    const caller = userOf(request);
    const limit = query.limit ?? limits.searchMax;
    const wanted = userQuery(query.q ?? '');
    // Presence lives outside the database, so a presence filter looks among the first
    // candidates by name (as many as a search examines), not only among the first page.
    const byPresence = query.online !== undefined || query.status !== undefined;
    const fetch = byPresence ? userSearchScanMax : limit;
    let found: FoundUserRecord[];
    if (query.room !== undefined) {
      // A room's members share that room with the caller, who must be able to read it.
      const room = await readableRoom(ctx, { user: caller }, query.room);
      found = (await ctx.storage.users.findRoomMembers(room.id, wanted, fetch)).map((user) => ({ user, coMember: true }));
    } else found = await ctx.storage.users.findUsersFor(caller.id, wanted, fetch);
    const views = await ctx.presenceSignals.viewsOf(found.filter((f) => f.coMember).map((f) => f.user));
    const users: FoundUser[] = [];
    for (const { user } of found) {
      const view = views.get(user.id);
      // Strangers show no presence, so no presence filter can say anything of them.
      if (byPresence && (!view || (query.online !== undefined && view.online !== query.online) || (query.status !== undefined && view.status !== query.status))) continue;
      users.push({ name: user.name, phone: user.phone, ...view });
      if (users.length === limit) break;
    }
    return { users };
  });

  // The People view: everyone one shares a room with, page by page (the search above stops at 50).
  // Paged like the room list, and on its budget: loading a list, not searching.
  app.get('/api/me/people', authed('roomList'), async (request): Promise<PeopleReply> => {
    const query = parseInput(peopleQuery, request.query, 'query');
    return people(ctx, { user: userOf(request) }, query);
  });
}
