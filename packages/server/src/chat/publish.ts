import type { CommitResult } from './events/command.js';
import type { ChatContext } from './chat-context.js';
import type { ChatUser } from './socket.js';
import { deleteEvent, eventFrames } from './views.js';

/** Which connection a commit's events skip: the sender of a message has its ack instead. */
export interface PublishOptions {
  skipConnId?: string | undefined;
}

/**
 * Tells every node what a commit changed, in the order that lets each socket see what it should:
 * new members are subscribed first (so they receive the event that added them), then the events
 * in seq order, then leavers are unsubscribed (so their other sockets receive their leave), then
 * a deleted room's notice.
 */
export function publishCommit(ctx: ChatContext, result: CommitResult, actor: ChatUser, options: PublishOptions = {}): Promise<void> {
  // Rendering may look users up; commits of one room must still reach the bus in seq order.
  const roomId = result.room.id;
  const previous = chains.get(roomId) ?? Promise.resolve();
  const next = previous.then(() => publishNow(ctx, result, actor, options));
  const settled = next.catch(() => {});
  chains.set(roomId, settled);
  void settled.then(() => {
    if (chains.get(roomId) === settled) chains.delete(roomId);
  });
  return next;
}

const chains = new Map<number, Promise<void>>();

async function publishNow(ctx: ChatContext, result: CommitResult, actor: ChatUser, options: PublishOptions): Promise<void> {
  const { room } = result;
  if (result.added.length > 0) ctx.bus.publish({ type: 'membership', roomId: room.id, userIds: result.added, change: 'add' });
  if (result.events.length > 0 && !result.roomDeleted) {
    const frames = await eventFrames(ctx, room.name, result.events, [actor]);
    result.events.forEach((event, i) => {
      ctx.bus.publish({ type: 'room', roomId: room.id, seq: event.seq, frame: JSON.stringify(frames[i]), ...(options.skipConnId !== undefined ? { skipConnId: options.skipConnId } : {}) });
    });
  }
  if (result.removed.length > 0) ctx.bus.publish({ type: 'membership', roomId: room.id, userIds: result.removed, change: 'remove' });
  if (result.roomDeleted) ctx.bus.publish({ type: 'room_deleted', roomId: room.id, frame: JSON.stringify(deleteEvent(room.name)) });
}
