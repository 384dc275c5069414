import type { ClientFrameBody, ClientFrameType } from '@parley/protocol';
import type { ChatContext } from '../chat/chat-context.js';
import { acceptMessage, history, markRead } from '../chat/messages.js';
import { createGroup, createRoom, deleteRoom, invite, join, leave, openPrivate } from '../chat/rooms.js';
import type { Session } from '../chat/session.js';
import type { UserActionKind } from '../limits/user-limiter.js';

/**
 * What an authenticated frame does. A handler resolves once the frame is accepted, so that the
 * next frame of the same connection may start; `reply` resolves with the ok payload when the
 * work is done. Only messages differ: they are accepted once queued for the group commit, so a
 * client can pipeline sends while keeping their order.
 */
export type FrameHandler<T extends ClientFrameType> = (
  ctx: ChatContext,
  session: Session,
  body: ClientFrameBody<T>,
) => Promise<{ reply: Promise<object> }>;

const now = <T>(work: Promise<T>) => work.then((payload) => ({ reply: Promise.resolve(payload as object) }));

export const frameHandlers: { [T in Exclude<ClientFrameType, 'auth'>]: FrameHandler<T> } = {
  ping: async () => ({ reply: Promise.resolve({}) }),
  create_room: (ctx, s, body) => now(createRoom(ctx, actorOf(s), body)),
  create_group: (ctx, s, body) => now(createGroup(ctx, actorOf(s), body)),
  invite: (ctx, s, body) => now(invite(ctx, actorOf(s), body)),
  join: (ctx, s, body) => now(join(ctx, actorOf(s), body)),
  leave: (ctx, s, body) => now(leave(ctx, actorOf(s), body)),
  delete_room: (ctx, s, body) => now(deleteRoom(ctx, actorOf(s), body)),
  private: (ctx, s, body) => now(openPrivate(ctx, actorOf(s), body)),
  message: async (ctx, s, body) => ({ reply: (await acceptMessage(ctx, s, body)).stored }),
  history: (ctx, s, body) => now(history(ctx, actorOf(s), body)),
  read: (ctx, s, body) => now(markRead(ctx, actorOf(s), body)),
};

function actorOf(session: Session) {
  return { user: session.user, connId: session.conn.id };
}

/** The frames that spend a per-user budget (see UserLimiter): each costs a query or a write. */
export const frameBudgets: { readonly [T in ClientFrameType]?: UserActionKind } = {
  history: 'history',
  create_room: 'create',
  create_group: 'create',
  invite: 'invite',
  join: 'join',
  private: 'private',
};
