import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('grows exponentially up to the maximum', () => {
    const top = () => 1;
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, 250, 10_000, top))).toEqual([250, 500, 1000, 2000, 10_000]);
  });

  it('spreads clients between half the minimum and the ceiling', () => {
    expect(backoffDelay(5, 250, 10_000, () => 0)).toBe(125);
    expect(backoffDelay(5, 250, 10_000, () => 0.5)).toBe(Math.round(125 + 0.5 * (8000 - 125)));
  });
});
