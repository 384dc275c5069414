import { ParleyError, limits, type PeopleReply } from '@parley/protocol';
import type { Actor, ChatContext } from './chat-context.js';


function encodeCursor(nameKey: string, id: number): string {
  return Buffer.from(JSON.stringify([nameKey, id])).toString('base64url');
}

function decodeCursor(cursor: string): { nameKey: string; id: number } {
  try {
    const [nameKey, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (typeof nameKey === 'string' && Number.isSafeInteger(id)) return { nameKey, id: id as number };
  } catch {
    // Not JSON: answered below like any other cursor this server did not give out.
  }
  throw new ParleyError('invalid_input', 'The cursor is not one this server gave out.', [{ field: 'cursor', message: 'is not a cursor from this server' }]);
}

/**
 * The seed's dashboard of users: everyone the caller shares a room with, by name, a page at a
 * time, each with their presence as they look to others (invisible people look offline).
 */
export async function people(ctx: ChatContext, actor: Actor, query: { limit?: number | undefined; cursor?: string | undefined }): Promise<PeopleReply> {
  const limit = query.limit ?? limits.peoplePageMax;
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  // One more than the page, to know whether another follows without a second query.
  const found = await ctx.storage.users.coMembersPage(actor.user.id, after, limit + 1);
  const page = found.slice(0, limit);
  const views = await ctx.presenceSignals.viewsOf(page.map((p) => p.user));
  const last = page[page.length - 1];
  return {
    people: page.map(({ user }) => ({ name: user.name, phone: user.phone, ...views.get(user.id)! })),
    next: found.length > limit && last ? encodeCursor(last.nameKey, last.user.id) : null,
  };
}
