import { describe, expect, it } from 'vitest';
import type { HistoryEntry, User } from '@parley/client';
import { readPoints, withReceipt } from './read-points.js';

const ann = { name: 'Ann', phone: '555000111' };
const ben = { name: 'Ben', phone: '555000222' };
const cat = { name: 'Cat', phone: '555000333' };
const message = (seq: number, from: User): HistoryEntry => ({ type: 'message', room: 'r', seq, ts: new Date(2025, 0, 1, 12, seq).toISOString(), from, text: `m${seq}`, clientMsgId: `c${seq}` });
const joined = (seq: number): HistoryEntry => ({ type: 'system', room: 'r', seq, ts: new Date(2025, 0, 1, 12, seq).toISOString(), event: 'join', user: cat }) as HistoryEntry;

describe('readPoints', () => {
  const entries = [message(1, ann), message(2, ben), message(3, ann), joined(4), message(5, ann)];

  it('in a private chat, marks one’s newest message the other has read as seen', () => {
    expect(readPoints(entries, [{ ...ben, seq: 4 }], ann.phone, true).seen).toBe(3);
    expect(readPoints(entries, [{ ...ben, seq: 5 }], ann.phone, true).seen).toBe(5);
    expect(readPoints(entries, [{ ...ben, seq: 0 }], ann.phone, true).seen).toBeNull();
    // One's own marker is no receipt.
    expect(readPoints(entries, [{ ...ann, seq: 5 }], ann.phone, true).seen).toBeNull();
  });

  it('in a group, places each reader at the last message they read, system lines skipped', () => {
    const points = readPoints(entries, [{ ...ben, seq: 4 }, { ...cat, seq: 5 }, { ...ann, seq: 5 }], ann.phone, false);
    expect([...points.readers]).toEqual([
      [3, [{ ...ben, seq: 4 }]],
      [5, [{ ...cat, seq: 5 }]],
    ]);
  });

  it('leaves out readers whose place is before the loaded window', () => {
    expect(readPoints(entries.slice(2), [{ ...ben, seq: 2 }], ann.phone, false).readers.size).toBe(0);
  });
});

describe('withReceipt', () => {
  it('moves a marker forward only, and adds a new reader', () => {
    const list = [{ ...ben, seq: 3 }];
    expect(withReceipt(list, { ...ben, seq: 2 })).toBe(list);
    expect(withReceipt(list, { ...ben, seq: 5 })).toEqual([{ ...ben, seq: 5 }]);
    expect(withReceipt(list, { ...cat, seq: 1 })).toEqual([{ ...ben, seq: 3 }, { ...cat, seq: 1 }]);
  });
});
