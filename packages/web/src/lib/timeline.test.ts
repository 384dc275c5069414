import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '@parley/client';
import { mergeEntries } from './timeline.js';

const ann = { name: 'Ann', phone: '555000111' };
const bob = { name: 'Bob', phone: '555000222' };
const entry = (seq: number): HistoryEntry => ({
  type: 'message',
  room: 'lobby',
  seq,
  ts: new Date(2025, 0, 1, 12, seq).toISOString(),
  from: ann,
  text: `m${seq}`,
  clientMsgId: `c${seq}`,
});
const ts = new Date(2025, 0, 2).toISOString();

describe('mergeEntries', () => {
  it('appends a live entry after the newest', () => {
    expect(mergeEntries([entry(1), entry(2)], [entry(3)], null).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('puts an older page (newest first) before what is shown, in ascending order', () => {
    expect(mergeEntries([entry(4), entry(5)], [entry(3), entry(2), entry(1)], null).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps each seq once when a page and live entries overlap', () => {
    expect(mergeEntries([entry(2), entry(3)], [entry(3), entry(2), entry(4)], null).map((e) => e.seq)).toEqual([2, 3, 4]);
  });

  it('returns the same array when there is nothing to add', () => {
    const current = [entry(1)];
    expect(mergeEntries(current, [], null)).toBe(current);
  });

  it('folds edits, deletes and reactions into their message, live or from a page', () => {
    let t = mergeEntries([entry(1), entry(2)], [{ type: 'edit', room: 'lobby', seq: 3, ts, target: 1, text: 'fixed', from: ann }], ann.phone);
    t = mergeEntries(t, [{ type: 'reaction', room: 'lobby', seq: 4, ts, target: 1, emoji: '🎉', on: true, from: ann }], ann.phone);
    t = mergeEntries(t, [{ type: 'redact', room: 'lobby', seq: 5, ts, target: 2, from: ann }], ann.phone);
    expect(t.map((e) => e.seq)).toEqual([1, 2]);
    const [first, second] = t;
    expect(first).toMatchObject({ text: 'fixed', editedAt: ts, reactions: [{ emoji: '🎉', count: 1, me: true }] });
    expect(second).toMatchObject({ deleted: true });
    expect(second && 'text' in second ? second.text : undefined).toBeUndefined();
    // The same reaction again, from a page that already includes it, changes nothing.
    const again = mergeEntries(t, [{ type: 'reaction', room: 'lobby', seq: 4, ts, target: 1, emoji: '🎉', on: true, from: ann }], ann.phone);
    expect(again).toBe(t);
  });

  it('drops a change to a message outside the window', () => {
    const current = [entry(5)];
    expect(mergeEntries(current, [{ type: 'reaction', room: 'lobby', seq: 6, ts, target: 1, emoji: '👍', on: true, from: bob }], null)).toBe(current);
  });
});
