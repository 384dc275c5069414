import type { Logger } from '../log.js';
import type { Storage } from '../storage/storage.js';
import type { ChatContext } from './chat-context.js';
import type { EventsAfter } from './fan-out.js';
import { eventFrames } from './views.js';

/** Reads a room's events back from storage, framed as they were pushed live (as no one in particular sees them). */
export function eventsFromStorage(ctx: () => ChatContext, storage: Storage): EventsAfter {
  return async (roomId, after, limit) => {
    const room = await storage.rooms.findRoomById(roomId);
    if (!room) return [];
    const events = await storage.events.history(roomId, { after, limit }, null);
    const frames = await eventFrames(ctx(), room.name, events);
    return events.map((event, i) => ({ seq: event.seq, frame: JSON.stringify(frames[i]) }));
  };
}

/**
 * After the bus was away (Redis restarted, the network blinked), this node may have missed
 * events from others. The database has them all: re-derive every local socket's rooms, then
 * read back each followed room's events past the last one released here.
 */
export async function repairFromStorage(ctx: ChatContext, log: Logger): Promise<void> {
  for (const socket of ctx.registry.all()) {
    const rooms = await ctx.storage.rooms.roomSeqsOfUser(socket.user.id);
    ctx.registry.resubscribe(socket, rooms.map((r) => r.roomId));
    for (const room of rooms) ctx.fanOut.seen(room.roomId, room.lastSeq);
  }
  await ctx.fanOut.catchUpAll();
  log.info('repair after bus reconnect done');
}
