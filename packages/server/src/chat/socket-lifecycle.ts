import type { UserRecord } from '../storage/storage.js';
import type { ChatContext } from './chat-context.js';
import type { ChatSocket } from './socket.js';

/**
 * Registers an authenticated socket with its rooms; presence decides whether the people who
 * share a room with the user hear of it (their first session anywhere, or a return from idle).
 */
export async function socketOpened(ctx: ChatContext, socket: ChatSocket, account: Pick<UserRecord, 'readReceipts'>): Promise<void> {
  const rooms = await ctx.storage.rooms.roomSeqsOfUser(socket.user.id);
  for (const room of rooms) ctx.fanOut.seen(room.roomId, room.lastSeq);
  ctx.registry.add(socket, rooms.map((r) => r.roomId));
  ctx.receipts.connected(socket.user.id, account.readReceipts);
  await ctx.presenceSignals.sessionOpened(socket.user.id);
}

/** Unregisters a socket; their last session anywhere is announced after the grace period. */
export async function socketClosed(ctx: ChatContext, socket: ChatSocket): Promise<void> {
  if (!ctx.registry.remove(socket)) return;
  ctx.typing.connectionClosed(socket.conn.id, socket.user);
  ctx.receipts.disconnected(socket.user.id);
  await ctx.presenceSignals.sessionClosed(socket.user.id);
}
