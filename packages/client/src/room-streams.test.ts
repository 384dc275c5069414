import type { HistoryEntry } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { RoomStreams } from './room-streams.js';

const entry = (room: string, seq: number): HistoryEntry => ({
  type: 'message',
  room,
  seq,
  ts: '2026-01-01T00:00:00.000Z',
  from: { name: 'Ann', phone: '111111' },
  text: `m${seq}`,
  clientMsgId: `c${seq}`,
});

/** A history source holding seqs 1..last of each room, answering `after` like the server. */
function historyOf(last: Record<string, number>) {
  const calls: [string, number][] = [];
  const fetchAfter = async (room: string, after: number, limit: number) => {
    calls.push([room, after]);
    const out: HistoryEntry[] = [];
    for (let s = after + 1; s <= (last[room] ?? 0) && out.length < limit; s++) out.push(entry(room, s));
    return out;
  };
  return { fetchAfter, calls };
}

function setup(last: Record<string, number>) {
  const delivered: string[] = [];
  const source = historyOf(last);
  const lost: string[] = [];
  const streams = new RoomStreams(source.fetchAfter, (e) => delivered.push(`${e.room}:${e.seq}`), (room) => lost.push(room));
  return { streams, delivered, calls: source.calls, lost };
}

describe('RoomStreams', () => {
  it('delivers entries in order and drops duplicates', () => {
    const { streams, delivered } = setup({});
    streams.track('a', 0);
    for (const seq of [1, 2, 2, 1, 3]) streams.accept(entry('a', seq));
    expect(delivered).toEqual(['a:1', 'a:2', 'a:3']);
  });

  it('fills a gap from history before delivering what came after it', async () => {
    const { streams, delivered, calls } = setup({ a: 5 });
    streams.track('a', 1);
    streams.accept(entry('a', 5));
    await streams.catchUp('a');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls[0]).toEqual(['a', 1]);
    expect(delivered).toEqual(['a:2', 'a:3', 'a:4', 'a:5']);
  });

  it('catches up page by page when far behind', async () => {
    const { streams, delivered, calls } = setup({ a: 450 });
    streams.track('a', 0);
    await streams.catchUp('a');
    expect(calls).toEqual([['a', 0], ['a', 200], ['a', 400]]);
    expect(delivered).toHaveLength(450);
    expect(delivered.at(-1)).toBe('a:450');
  });

  it('keeps a followed room in place when told of a newer snapshot, so nothing is skipped', () => {
    const { streams, delivered } = setup({});
    streams.track('a', 1);
    streams.track('a', 3);
    streams.accept(entry('a', 2));
    streams.accept(entry('a', 3));
    expect(delivered).toEqual(['a:2', 'a:3']);
  });

  it('accepts the first entry of an untracked room as its starting point', () => {
    const { streams, delivered } = setup({});
    streams.accept(entry('new', 7));
    streams.accept(entry('new', 8));
    expect(delivered).toEqual(['new:7', 'new:8']);
  });

  it('reports a room whose catch-up fails and keeps its place', async () => {
    const delivered: string[] = [];
    const lost: string[] = [];
    const streams = new RoomStreams(async () => Promise.reject(new Error('gone')), (e) => delivered.push(String(e.seq)), (room) => lost.push(room));
    streams.track('a', 3);
    await streams.catchUp('a');
    expect(lost).toEqual(['a']);
    expect(streams.lastSeq('a')).toBe(3);
  });
});
