import { ParleyError, type ClientFrameBody, type MyStatus, type StatusFrame } from '@parley/protocol';
import type { Actor, ChatContext } from './chat-context.js';
import { currentStatus } from './presence-view.js';

/** One's status as stored, with a custom part whose `until` passed cleared. */
export function myStatus(status: MyStatus): MyStatus {
  return currentStatus(status, Date.now());
}

/**
 * Sets the actor's status and custom text and emoji (kept across restarts), then lets the people
 * who share a room with them see it. An empty text is none; `until` must lie ahead.
 */
export async function setStatus(ctx: ChatContext, actor: Actor, input: ClientFrameBody<'status'>): Promise<MyStatus> {
  const until = input.until ?? null;
  if (until !== null && Date.parse(until) <= Date.now()) throw new ParleyError('invalid_input', 'Invalid status frame: until must be in the future.', [{ field: 'until', message: 'must be in the future' }]);
  const text = input.text ? input.text : null;
  const emoji = input.emoji ?? null;
  const next: MyStatus = { status: input.status, text, emoji, until: text === null && emoji === null ? null : until === null ? null : new Date(until).toISOString() };
  const user = await ctx.storage.users.findUserById(actor.user.id);
  if (!user) throw new ParleyError('unauthorized', 'The account is gone; sign in again.');
  await ctx.storage.users.setStatus(actor.user.id, next);
  await ctx.presenceSignals.statusSet(actor.user.id, myStatus(user.status), next);
  // One's other devices and tabs show the new status at once.
  const frame: StatusFrame = { type: 'status', ...next };
  ctx.bus.publish({ type: 'users', userIds: [actor.user.id], frame: JSON.stringify(frame), ...(actor.connId !== undefined ? { skipConnId: actor.connId } : {}) });
  return next;
}

/** The person used one of their sessions: idle ends, and the idle clock starts again. */
export async function reportActivity(ctx: ChatContext, actor: Actor): Promise<Record<string, never>> {
  await ctx.presenceSignals.active(actor.user.id);
  return {};
}
