import type { Logger } from '../log.js';
import type { Storage } from '../storage/storage.js';
import type { ChatContext } from './chat-context.js';
import type { EntriesAfter } from './fan-out.js';
import { historyEntry } from './views.js';

/** Reads a room's entries back from storage, framed exactly as they were pushed live. */
export function entriesFromStorage(storage: Storage): EntriesAfter {
  return async (roomId, after, limit) => {
    const room = await storage.rooms.findRoomById(roomId);
    if (!room) return [];
    const entries = await storage.messages.history(roomId, { after, limit });
    return entries.map((entry) => ({ seq: entry.seq, frame: JSON.stringify(historyEntry(room.name, entry)) }));
  };
}

/**
 * After the bus was away (Redis restarted, the network blinked), this node may have missed
 * events from others. The database has them all: re-derive every local session's rooms, then
 * read back each followed room's entries past the last one released here.
 */
export async function repairFromStorage(ctx: ChatContext, log: Logger): Promise<void> {
  for (const session of ctx.registry.all()) {
    const rooms = await ctx.storage.rooms.roomSeqsOfUser(session.user.id);
    ctx.registry.resubscribe(session, rooms.map((r) => r.roomId));
    for (const room of rooms) ctx.fanOut.seen(room.roomId, room.lastSeq);
  }
  await ctx.fanOut.catchUpAll();
  log.info('repair after bus reconnect done');
}
