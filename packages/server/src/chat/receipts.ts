import type { MySettings, Receipt } from '@parley/protocol';
import type { UserRecord } from '../storage/storage.js';
import type { ChatContext } from './chat-context.js';
import { readableRoom } from './messages.js';

/**
 * How far the room's other members have read it (members only). As in Signal, receipts are
 * mutual: a caller who turned theirs off sees no one's, and members who turned theirs off are
 * never listed.
 */
export async function roomReceipts(ctx: ChatContext, caller: UserRecord, name: string): Promise<Receipt[]> {
  const room = await readableRoom(ctx, { user: caller }, name);
  if (!caller.readReceipts) return [];
  const markers = await ctx.storage.rooms.sharedReadMarkers(room.id);
  return markers.filter((m) => m.userId !== caller.id).map((m) => ({ name: m.name, phone: m.phone, seq: m.seq }));
}

/** Changes the caller's settings; every node applies a new receipts setting at once. */
export async function updateSettings(ctx: ChatContext, caller: UserRecord, patch: Partial<MySettings>): Promise<MySettings> {
  const settings: MySettings = { readReceipts: patch.readReceipts ?? caller.readReceipts };
  if (settings.readReceipts !== caller.readReceipts) {
    await ctx.storage.users.setReadReceipts(caller.id, settings.readReceipts);
    ctx.receipts.settingChanged(caller.id, settings.readReceipts);
  }
  return settings;
}
