import { defaultNotifyLevel, type HistoryEntry, type MyRoom, type Room } from '@parley/client';
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
    unread: room.unreadCount,
    mentions: room.mentionCount,
    notify: room.notify,
    ...(room.peer ? { peer: room.peer } : {}),
  };
}

/** A room just created, joined or opened: everything in it up to now counts as read. */
export function summaryFromRoom(room: Room, extra: Partial<RoomSummary> = {}): RoomSummary {
  return { ...summaryFromMyRoom({ ...room, lastReadSeq: room.lastSeq, lastEntry: null, lastMessage: null, unreadCount: 0, mentionCount: 0, notify: defaultNotifyLevel(room.kind) }), ...extra };
}

function activity(room: RoomSummary): string {
  return room.lastEntry?.ts ?? room.createdAt;
}

/** Most recent activity first. */
export function sortRooms(rooms: RoomSummary[]): RoomSummary[] {
  return [...rooms].sort((a, b) => (activity(a) < activity(b) ? 1 : activity(a) > activity(b) ? -1 : 0));
}

export function unreadCount(room: RoomSummary): number {
  return room.unread ?? Math.max(0, room.lastSeq - room.lastReadSeq);
}

export function mentionCount(room: RoomSummary): number {
  return room.mentions ?? 0;
}

/** The read marker moved to `seq` (here, in another session, or on opening the room). */
export function readUpTo(room: RoomSummary, seq: number): RoomSummary {
  if (seq <= room.lastReadSeq) return room;
  // Read to the end: nothing left. Part of the way: what the server counted cannot be split by
  // seq here, so the count is at most the entries after the marker; the next room list corrects it.
  const left = seq >= room.lastSeq ? 0 : Math.min(unreadCount(room), room.lastSeq - seq);
  return { ...room, lastReadSeq: seq, unread: left, mentions: left === 0 ? 0 : Math.min(mentionCount(room), left) };
}

/** How a room is called on screen: the other person's name for a private chat. */
export function roomTitle(room: Pick<RoomSummary, 'name' | 'kind' | 'peer'>): string {
  if (room.kind === 'direct') return room.peer?.name ?? 'Private chat';
  return room.name;
}

/**
 * Applies a new history entry to a room's summary. Only a message by someone else, not yet read,
 * adds to the unread count (and to the mention count when it names `myPhone`); member events do not.
 */
export function withEntry(room: RoomSummary, entry: HistoryEntry, read: boolean, myPhone?: string): RoomSummary {
  if (entry.seq <= room.lastSeq && room.lastEntry && room.lastEntry.seq >= entry.seq) return room;
  const lastSeq = Math.max(room.lastSeq, entry.seq);
  if (read) return { ...room, lastSeq, lastEntry: entry, lastReadSeq: lastSeq, unread: 0, mentions: 0 };
  const counts = entry.type === 'message';
  const mentioned = counts && myPhone !== undefined && (entry.mentions ?? []).includes(myPhone);
  return { ...room, lastSeq, lastEntry: entry, unread: unreadCount(room) + (counts ? 1 : 0), mentions: mentionCount(room) + (mentioned ? 1 : 0) };
}
