import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '@parley/client';
import type { RoomSummary } from './chat-types.js';
import { mentionCount, readUpTo, roomTitle, sortRooms, unreadCount, withEntry } from './room-summary.js';

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
    expect(roomTitle(room('private_room_1_2', { kind: 'direct', peer: { name: 'Bob', phone: '2', online: false, status: 'offline', text: null, emoji: null, lastSeen: null } }))).toBe('Bob');
    expect(roomTitle(room('Book club'))).toBe('Book club');
  });

  it('takes the server’s count, and adds only unread messages by others, mentions of me counted apart', () => {
    // The server said 2 unread though 5 entries follow the marker (reactions and edits among them).
    let r = room('a', { lastSeq: 9, lastReadSeq: 4, unread: 2, mentions: 0 });
    expect(unreadCount(r)).toBe(2);
    r = withEntry(r, { type: 'system', room: 'a', seq: 10, ts: '2025-01-04T00:00:00.000Z', event: 'join', user: { name: 'Bo', phone: '555000222' }, message: 'Bo joined' } as HistoryEntry, false, '555000999');
    expect(unreadCount(r)).toBe(2);
    r = withEntry(r, { ...message(11, '2025-01-04T00:00:01.000Z'), room: 'a', mentions: ['555000999'] } as HistoryEntry, false, '555000999');
    expect([unreadCount(r), mentionCount(r)]).toEqual([3, 1]);
    r = withEntry(r, { ...message(12, '2025-01-04T00:00:02.000Z'), room: 'a' }, false, '555000999');
    expect([unreadCount(r), mentionCount(r)]).toEqual([4, 1]);
    // Read here or in another session, up to the end: nothing left.
    expect(readUpTo(r, 12)).toMatchObject({ lastReadSeq: 12, unread: 0, mentions: 0 });
    // A read marker that does not move changes nothing.
    expect(readUpTo(r, 3)).toBe(r);
    // Read in the open room (or by sending): counts end.
    expect(withEntry(r, { ...message(13, '2025-01-04T00:00:03.000Z'), room: 'a' }, true, '555000999')).toMatchObject({ unread: 0, mentions: 0, lastReadSeq: 13 });
  });
});
