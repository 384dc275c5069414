import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '@parley/client';
import type { RoomSummary } from './chat-types.js';
import { roomTitle, sortRooms, unreadCount, withEntry } from './room-summary.js';

const room = (name: string, extra: Partial<RoomSummary> = {}): RoomSummary => ({
  name,
  kind: 'room',
  description: '',
  isPrivate: false,
  owner: null,
  memberCount: 2,
  createdAt: '2025-01-01T10:00:00.000Z',
  lastSeq: 0,
  lastReadSeq: 0,
  lastEntry: null,
  ...extra,
});

const message = (seq: number, ts: string): HistoryEntry => ({ type: 'message', room: 'lobby', seq, ts, from: { name: 'Ann', phone: '555000111' }, text: 'hi', clientMsgId: `c${seq}` });

describe('room summaries', () => {
  it('counts unread as lastSeq minus lastReadSeq, never below zero', () => {
    expect(unreadCount(room('a', { lastSeq: 7, lastReadSeq: 4 }))).toBe(3);
    expect(unreadCount(room('a', { lastSeq: 2, lastReadSeq: 5 }))).toBe(0);
  });

  it('sorts by the latest activity: the last entry, else the creation time', () => {
    const quiet = room('quiet', { createdAt: '2025-01-02T00:00:00.000Z' });
    const busy = room('busy', { lastEntry: message(3, '2025-01-03T00:00:00.000Z') });
    const old = room('old');
    expect(sortRooms([old, quiet, busy]).map((r) => r.name)).toEqual(['busy', 'quiet', 'old']);
  });

  it('applies a new entry, counting it read only when asked', () => {
    const before = room('lobby', { lastSeq: 2, lastReadSeq: 2 });
    const unread = withEntry(before, message(3, '2025-01-03T00:00:00.000Z'), false);
    expect([unread.lastSeq, unread.lastReadSeq, unread.lastEntry?.seq]).toEqual([3, 2, 3]);
    expect(withEntry(before, message(3, '2025-01-03T00:00:00.000Z'), true).lastReadSeq).toBe(3);
  });

  it('titles a private chat by the other person', () => {
    expect(roomTitle(room('private_room_1_2', { kind: 'direct', peer: { name: 'Bob', phone: '2', online: false } }))).toBe('Bob');
    expect(roomTitle(room('Book club'))).toBe('Book club');
  });
});
