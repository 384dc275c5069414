import type { Logger } from '../log.js';
import type { ChatContext } from './chat-context.js';
import type { FanOut } from './fan-out.js';
import { historyEntry } from './views.js';

const pageSize = 200;

/**
 * After the bus was away (Redis restarted, the network blinked), this node may have missed
 * events from others. The database has them all: re-derive every local session's rooms, then
 * push each room's entries past the last seq forwarded here. Clients drop what they already
 * have by seq, so pushing an entry twice is harmless; missing one is what this prevents.
 */
export async function repairFromStorage(ctx: ChatContext, fanOut: FanOut, log: Logger): Promise<void> {
  for (const session of ctx.registry.all()) {
    const rooms = await ctx.storage.rooms.roomSeqsOfUser(session.user.id);
    ctx.registry.resubscribe(session, rooms.map((r) => r.roomId));
  }
  let pushed = 0;
  for (const roomId of ctx.registry.roomIds()) {
    const from = fanOut.forwardedSeq(roomId);
    if (from === undefined) continue;
    const room = await ctx.storage.rooms.findRoomById(roomId);
    if (!room) {
      fanOut.forget(roomId);
      ctx.registry.dropRoom(roomId);
      continue;
    }
    for (let after = from; after < room.lastSeq; ) {
      const page = await ctx.storage.messages.history(roomId, { after, limit: pageSize });
      if (page.length === 0) break;
      for (const entry of page) fanOut.deliver(roomId, entry.seq, JSON.stringify(historyEntry(room.name, entry)));
      pushed += page.length;
      after = page.at(-1)!.seq;
    }
  }
  log.info('repair after bus reconnect done', { pushed });
}
