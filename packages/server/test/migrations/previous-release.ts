/**
 * The data a Parley of the previous release (schema before room events) wrote, in its own tables:
 * what the migration tests write with the old schema and then expect the current release to show,
 * entry by entry. The frames are those the previous release served for the same data.
 */
export const oldUsers = [
  { id: 1, name: 'Ann', phone: '111111' },
  { id: 2, name: 'Bob', phone: '222222' },
  { id: 3, name: 'Cat', phone: '333333' },
] as const;

export const oldRooms = [
  // id 2 was a room deleted before the upgrade: its id must not come back.
  { id: 1, name: 'General', key: 'general', kind: 'room', isPrivate: false, ownerId: 1, max: 1000, createdAt: '2026-11-20T10:00:00.000Z', lastSeq: 4 },
  { id: 3, name: 'Weekend', key: 'weekend', kind: 'group', isPrivate: true, ownerId: 1, max: 1000, createdAt: '2026-11-20T11:00:00.000Z', lastSeq: 2 },
  { id: 4, name: 'private_room_111111_222222', key: 'private_room_111111_222222', kind: 'direct', isPrivate: true, ownerId: null, max: 2, createdAt: '2026-11-20T12:00:00.000Z', lastSeq: 1 },
] as const;

export const oldMemberships = [
  { roomId: 1, userId: 1, joinedAt: '2026-11-20T10:00:00.000Z', lastReadSeq: 4 },
  { roomId: 1, userId: 3, joinedAt: '2026-11-20T10:01:00.000Z', lastReadSeq: 1 },
  { roomId: 3, userId: 1, joinedAt: '2026-11-20T11:00:00.000Z', lastReadSeq: 2 },
  { roomId: 3, userId: 2, joinedAt: '2026-11-20T11:00:00.000Z', lastReadSeq: 0 },
  { roomId: 3, userId: 3, joinedAt: '2026-11-20T11:00:00.000Z', lastReadSeq: 0 },
  { roomId: 4, userId: 1, joinedAt: '2026-11-20T12:00:00.000Z', lastReadSeq: 1 },
  { roomId: 4, userId: 2, joinedAt: '2026-11-20T12:00:00.000Z', lastReadSeq: 0 },
] as const;

type OldEntry = { roomId: number; seq: number; kind: 'message' | 'join' | 'leave' | 'invite'; senderId: number; text: string; clientMsgId: string | null; ts: string; members?: { name: string; phone: string }[] };

export const oldEntries: OldEntry[] = [
  { roomId: 1, seq: 1, kind: 'join', senderId: 3, text: 'Cat has joined the room General.', clientMsgId: null, ts: '2026-11-20T10:01:00.000Z' },
  { roomId: 1, seq: 2, kind: 'message', senderId: 1, text: 'Hello, Cat!', clientMsgId: 'm-1', ts: '2026-11-20T10:02:00.000Z' },
  { roomId: 1, seq: 3, kind: 'join', senderId: 2, text: 'Bob has joined the room General.', clientMsgId: null, ts: '2026-11-20T10:03:00.000Z' },
  { roomId: 1, seq: 4, kind: 'leave', senderId: 2, text: 'Bob has left the room General.', clientMsgId: null, ts: '2026-11-20T10:04:00.000Z' },
  {
    roomId: 3,
    seq: 1,
    kind: 'invite',
    senderId: 1,
    text: 'Ann added Bob, Cat to the room Weekend.',
    clientMsgId: null,
    ts: '2026-11-20T11:00:00.000Z',
    members: [
      { name: 'Bob', phone: '222222' },
      { name: 'Cat', phone: '333333' },
    ],
  },
  { roomId: 3, seq: 2, kind: 'message', senderId: 1, text: 'Beach on Saturday? 🏖️', clientMsgId: 'w-1', ts: '2026-11-20T11:05:00.000Z' },
  { roomId: 4, seq: 1, kind: 'message', senderId: 1, text: 'Just between us', clientMsgId: 'dm-1', ts: '2026-11-20T12:01:00.000Z' },
];

export const oldSessions = [{ tokenHash: 'old-token-hash', userId: 1, createdAt: '2026-11-20T09:00:00.000Z', lastSeenAt: '2026-11-30T09:00:00.000Z' }];

const users = Object.fromEntries(oldUsers.map((u) => [u.id, { name: u.name, phone: u.phone }]));
const roomName = (id: number) => oldRooms.find((r) => r.id === id)!.name;

/** Each old entry as the previous release served it (and the current one must still serve it). */
export function expectedFrame(entry: OldEntry): Record<string, unknown> {
  const base = { room: roomName(entry.roomId), seq: entry.seq, ts: entry.ts };
  if (entry.kind === 'message') return { type: 'message', ...base, from: users[entry.senderId], text: entry.text, clientMsgId: entry.clientMsgId };
  return { type: 'system', event: entry.kind, ...base, user: users[entry.senderId], ...(entry.members ? { members: entry.members } : {}), message: entry.text };
}
