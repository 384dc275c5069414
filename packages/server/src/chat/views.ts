import type { DeleteEvent, HistoryEntry, Room, User } from '@parley/protocol';
import type { EntryRecord, RoomWithCount } from '../storage/storage.js';

/** The wire form of a room. */
export function roomInfo(room: RoomWithCount): Room {
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

/** The wire form of a stored entry: the same frame whether pushed live or read from history. */
export function historyEntry(roomName: string, entry: EntryRecord): HistoryEntry {
  if (entry.kind === 'message') {
    return { type: 'message', room: roomName, seq: entry.seq, ts: entry.ts, from: entry.sender, text: entry.text, clientMsgId: entry.clientMsgId ?? '' };
  }
  return {
    type: 'system',
    event: entry.kind,
    room: roomName,
    seq: entry.seq,
    ts: entry.ts,
    user: entry.sender,
    ...(entry.members ? { members: entry.members } : {}),
    message: entry.text,
  };
}

// The seed's system messages, word for word.
export const systemText = {
  join: (user: User, room: string) => `${user.name} has joined the room ${room}.`,
  leave: (user: User, room: string) => `${user.name} has left the room ${room}.`,
  invite: (user: User, added: User[], room: string) => `${user.name} added ${added.map((u) => u.name).join(', ')} to the room ${room}.`,
  delete: (room: string) => `The room ${room} has been deleted.`,
};

export function deleteEvent(room: string): DeleteEvent {
  return { type: 'system', event: 'delete', room, message: systemText.delete(room) };
}
