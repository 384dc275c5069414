import { defaultNotifyLevel, type DeleteEvent, type MyRoom, type PublicUser, type Room, type RoomEvent } from '@parley/protocol';
import type { HistoryEvent, MyRoomRecord, RoomRecord } from '../storage/storage.js';
import { userLookup, type ChatContext } from './chat-context.js';
import type { EventView } from './events/command.js';
import { eventView, referencedUsers, systemText } from './events/event-views.js';
import type { ChatUser } from './socket.js';

/** The wire form of a room. */
export function roomInfo(room: RoomRecord): Room {
  return {
    name: room.name,
    description: room.description,
    isPrivate: room.isPrivate,
    kind: room.kind,
    owner: room.ownerPhone,
    maxParticipants: room.maxParticipants,
    memberCount: room.memberCount,
    createdAt: room.createdAt,
    lastSeq: room.lastSeq,
  };
}

/** Events of one room as frames, their users looked up in one query. */
export async function eventFrames(ctx: ChatContext, roomName: string, events: (EventView | HistoryEvent)[], known: ChatUser[] = []): Promise<RoomEvent[]> {
  const ids = new Set<number>();
  for (const event of events) {
    if (!('sender' in event)) ids.add(event.senderId);
    for (const id of referencedUsers(event)) ids.add(id);
  }
  const senders = events.flatMap((e) => ('sender' in e ? [{ id: e.senderId, ...e.sender }] : []));
  const users = await userLookup(ctx, ids, [...known, ...senders]);
  return events.map((event) => eventView(roomName, event, users));
}

/** A room in its member's list, with its preview, unread and mention counts. */
export async function myRoomViews(
  ctx: ChatContext,
  records: MyRoomRecord[],
  lastMessages: Map<number, HistoryEvent>,
  lastEvents: Map<number, HistoryEvent>,
  peers: Map<number, PublicUser>,
): Promise<MyRoom[]> {
  return Promise.all(
    records.map(async (record) => {
      const lastMessage = lastMessages.get(record.id);
      const lastEvent = lastEvents.get(record.id);
      const [message] = lastMessage ? await eventFrames(ctx, record.name, [lastMessage]) : [];
      const [entry] = lastEvent ? (lastEvent.seq === lastMessage?.seq ? [message] : await eventFrames(ctx, record.name, [lastEvent])) : [];
      const peer = peers.get(record.id);
      return {
        ...roomInfo(record),
        lastReadSeq: record.lastReadSeq,
        lastEntry: entry ?? null,
        lastMessage: message?.type === 'message' ? message : null,
        unreadCount: record.unreadCount,
        mentionCount: record.mentionCount,
        notify: record.notify ?? defaultNotifyLevel(record.kind),
        ...(peer ? { peer } : {}),
      };
    }),
  );
}

export function deleteEvent(room: string): DeleteEvent {
  return { type: 'system', event: 'delete', room, message: systemText.delete(room) };
}
