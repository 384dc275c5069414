import { describe, expect, it } from 'vitest';
import { RoomSequencer } from './room-sequencer.js';

function setup(released: number, stored: number[] = []) {
  const out: string[] = [];
  const fills: number[] = [];
  const sequencer = new RoomSequencer<string>(
    released,
    (frame) => out.push(frame),
    async (after) => {
      fills.push(after);
      return stored.filter((s) => s > after).slice(0, 200).map((seq) => ({ seq, item: `db${seq}` }));
    },
    200,
    20,
    () => {},
  );
  return { sequencer, out, fills };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RoomSequencer', () => {
  it('releases entries in seq order, once each', () => {
    const { sequencer, out } = setup(0);
    for (const seq of [1, 3, 2, 2, 1, 4]) sequencer.offer(seq, `f${seq}`);
    expect(out).toEqual(['f1', 'f2', 'f3', 'f4']);
    expect(sequencer.releasedSeq).toBe(4);
  });

  it('ignores what predates its starting point', () => {
    const { sequencer, out } = setup(10);
    sequencer.offer(9, 'old');
    sequencer.offer(11, 'new');
    expect(out).toEqual(['new']);
  });

  it('fills a gap that stays open from the database, then releases what waited behind it', async () => {
    const { sequencer, out, fills } = setup(2, [1, 2, 3, 4, 5]);
    sequencer.offer(5, 'f5');
    expect(out).toEqual([]);
    await tick(60);
    expect(fills).toEqual([2]);
    expect(out).toEqual(['db3', 'db4', 'db5']);
    sequencer.offer(5, 'late f5');
    expect(out).toHaveLength(3);
  });

  it('does not go to the database when the missing entry arrives in time', async () => {
    const { sequencer, out, fills } = setup(0, [1, 2]);
    sequencer.offer(2, 'f2');
    sequencer.offer(1, 'f1');
    await tick(60);
    expect(out).toEqual(['f1', 'f2']);
    expect(fills).toEqual([]);
  });

  it('catches up on request, page after page, even with nothing waiting', async () => {
    const stored = Array.from({ length: 450 }, (_, i) => i + 1);
    const { sequencer, out, fills } = setup(0, stored);
    await sequencer.catchUp();
    expect(fills).toEqual([0, 200, 400]);
    expect(out).toHaveLength(450);
    expect(out.at(-1)).toBe('db450');
    expect(sequencer.releasedSeq).toBe(450);
  });
});
