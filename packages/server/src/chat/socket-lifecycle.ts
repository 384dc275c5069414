import type { PresenceFrame } from '@parley/protocol';
import type { UserRecord } from '../storage/storage.js';
import type { ChatContext } from './chat-context.js';
import type { ChatSocket } from './socket.js';

/**
 * Registers an authenticated socket with its rooms; when it is the user's first anywhere, tells
 * everyone who shares a room with them that they are online.
 */
export async function socketOpened(ctx: ChatContext, socket: ChatSocket, account: Pick<UserRecord, 'readReceipts'>): Promise<void> {
  const rooms = await ctx.storage.rooms.roomSeqsOfUser(socket.user.id);
  for (const room of rooms) ctx.fanOut.seen(room.roomId, room.lastSeq);
  ctx.registry.add(socket, rooms.map((r) => r.roomId));
  ctx.receipts.connected(socket.user.id, account.readReceipts);
  if (await ctx.presence.sessionOpened(socket.user.id)) await announce(ctx, socket, true);
}

/** Unregisters a socket; when it was the user's last anywhere, announces them offline. */
export async function socketClosed(ctx: ChatContext, socket: ChatSocket): Promise<void> {
  if (!ctx.registry.remove(socket)) return;
  ctx.typing.connectionClosed(socket.conn.id, socket.user);
  ctx.receipts.disconnected(socket.user.id);
  if (await ctx.presence.sessionClosed(socket.user.id)) await announce(ctx, socket, false);
}

async function announce(ctx: ChatContext, socket: ChatSocket, online: boolean): Promise<void> {
  const userIds = await ctx.storage.rooms.coMemberIds(socket.user.id);
  if (userIds.length === 0) return;
  const frame: PresenceFrame = { type: 'presence', phone: socket.user.phone, online };
  ctx.bus.publish({ type: 'users', userIds, frame: JSON.stringify(frame) });
}
