import type { HistoryEntry } from '@parley/client';
import type { RoomSummary } from './chat-types.js';
import { kv } from './idb-kv.js';

/** The chat list and the newest entries of recent chats, as last seen, for opening offline. */
export interface OfflineSnapshot {
  rooms: RoomSummary[];
  entries: Record<string, HistoryEntry[]>;
}

const roomsWithEntries = 20;
const entriesPerRoom = 50;

export async function loadSnapshot(owner: string): Promise<OfflineSnapshot | null> {
  try {
    return (await kv.get<OfflineSnapshot>('snapshots', owner)) ?? null;
  } catch {
    return null;
  }
}

/** Keeps what the app shows, so that it opens with it offline (the service worker serves the app itself). */
export function saveSnapshot(owner: string, rooms: RoomSummary[], timelines: Record<string, { entries: HistoryEntry[]; hasNewer: boolean }>): void {
  const entries: Record<string, HistoryEntry[]> = {};
  for (const room of rooms.slice(0, roomsWithEntries)) {
    const timeline = timelines[room.name];
    if (timeline && !timeline.hasNewer && timeline.entries.length > 0) entries[room.name] = timeline.entries.slice(-entriesPerRoom);
  }
  kv.set('snapshots', owner, { rooms, entries } satisfies OfflineSnapshot).catch(() => undefined);
}

export function clearSnapshot(owner: string): Promise<void> {
  return kv.delete('snapshots', owner).catch(() => undefined);
}
