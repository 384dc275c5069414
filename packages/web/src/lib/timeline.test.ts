import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '@parley/client';
import { mergeEntries } from './timeline.js';

const entry = (seq: number): HistoryEntry => ({
  type: 'message',
  room: 'lobby',
  seq,
  ts: new Date(2025, 0, 1, 12, seq).toISOString(),
  from: { name: 'Ann', phone: '555000111' },
  text: `m${seq}`,
  clientMsgId: `c${seq}`,
});

describe('mergeEntries', () => {
  it('appends a live entry after the newest', () => {
    expect(mergeEntries([entry(1), entry(2)], [entry(3)]).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('puts an older page (newest first) before what is shown, in ascending order', () => {
    expect(mergeEntries([entry(4), entry(5)], [entry(3), entry(2), entry(1)]).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps each seq once when a page and live entries overlap', () => {
    expect(mergeEntries([entry(2), entry(3)], [entry(3), entry(2), entry(4)]).map((e) => e.seq)).toEqual([2, 3, 4]);
  });

  it('returns the same array when there is nothing to add', () => {
    const current = [entry(1)];
    expect(mergeEntries(current, [])).toBe(current);
  });
});
