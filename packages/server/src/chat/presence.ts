import type { PresenceFrame } from '@parley/protocol';
import type { ChatContext } from './chat-context.js';
import type { Session } from './session.js';

/**
 * Registers an authenticated session; when it is the user's first, tells everyone who shares a
 * room with them that they are online.
 */
export async function sessionOpened(ctx: ChatContext, session: Session): Promise<void> {
  const rooms = await ctx.storage.rooms.roomSeqsOfUser(session.user.id);
  for (const room of rooms) ctx.fanOut.seen(room.roomId, room.lastSeq);
  ctx.registry.add(session, rooms.map((r) => r.roomId));
  if (await ctx.presence.sessionOpened(session.user.id)) await announce(ctx, session, true);
}

/** Unregisters a session; when it was the user's last anywhere, announces them offline. */
export async function sessionClosed(ctx: ChatContext, session: Session): Promise<void> {
  if (!ctx.registry.remove(session)) return;
  if (await ctx.presence.sessionClosed(session.user.id)) await announce(ctx, session, false);
}

async function announce(ctx: ChatContext, session: Session, online: boolean): Promise<void> {
  const userIds = await ctx.storage.rooms.coMemberIds(session.user.id);
  if (userIds.length === 0) return;
  const frame: PresenceFrame = { type: 'presence', phone: session.user.phone, online };
  ctx.bus.publish({ type: 'users', userIds, frame: JSON.stringify(frame) });
}
