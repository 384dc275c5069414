import type { HistoryEntry, MyRoom, Room } from '@parley/client';
import type { RoomSummary } from './chat-types.js';

export function summaryFromMyRoom(room: MyRoom): RoomSummary {
  return {
    name: room.name,
    kind: room.kind,
    description: room.description,
    isPrivate: room.isPrivate,
    owner: room.owner,
    memberCount: room.memberCount,
    createdAt: room.createdAt,
    lastSeq: room.lastSeq,
    lastReadSeq: room.lastReadSeq,
    lastEntry: room.lastEntry,
    ...(room.peer ? { peer: room.peer } : {}),
  };
}

/** A room just created, joined or opened: everything in it up to now counts as read. */
export function summaryFromRoom(room: Room, extra: Partial<RoomSummary> = {}): RoomSummary {
  return { ...summaryFromMyRoom({ ...room, lastReadSeq: room.lastSeq, lastEntry: null, lastMessage: null, unreadCount: 0, mentionCount: 0 }), ...extra };
}

function activity(room: RoomSummary): string {
  return room.lastEntry?.ts ?? room.createdAt;
}

/** Most recent activity first. */
export function sortRooms(rooms: RoomSummary[]): RoomSummary[] {
  return [...rooms].sort((a, b) => (activity(a) < activity(b) ? 1 : activity(a) > activity(b) ? -1 : 0));
}

export function unreadCount(room: RoomSummary): number {
  return Math.max(0, room.lastSeq - room.lastReadSeq);
}

/** How a room is called on screen: the other person's name for a private chat. */
export function roomTitle(room: Pick<RoomSummary, 'name' | 'kind' | 'peer'>): string {
  if (room.kind === 'direct') return room.peer?.name ?? 'Private chat';
  return room.name;
}

/** Applies a new history entry to a room's summary. */
export function withEntry(room: RoomSummary, entry: HistoryEntry, read: boolean): RoomSummary {
  if (entry.seq <= room.lastSeq && room.lastEntry && room.lastEntry.seq >= entry.seq) return room;
  const lastSeq = Math.max(room.lastSeq, entry.seq);
  return { ...room, lastSeq, lastEntry: entry, lastReadSeq: read ? lastSeq : room.lastReadSeq };
}
