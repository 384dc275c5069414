import { describe, expect, it } from 'vitest';
import { AttemptLimiter } from './attempt-limiter.js';
import { TokenBucket } from './token-bucket.js';

describe('AttemptLimiter', () => {
  it('allows max attempts per window, then says how long to wait', () => {
    let now = 0;
    const limiter = new AttemptLimiter(3, 60_000, 100, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('k')).toBe(0);
      limiter.hit('k');
    }
    expect(limiter.retryAfter('k')).toBe(60);
    expect(limiter.retryAfter('other')).toBe(0);
    now = 45_000;
    expect(limiter.retryAfter('k')).toBe(15);
    now = 60_000;
    expect(limiter.retryAfter('k')).toBe(0);
  });

  it('keeps at most maxKeys windows', () => {
    const limiter = new AttemptLimiter(1, 60_000, 10, () => 0);
    for (let i = 0; i < 1000; i++) limiter.hit(`k${i}`);
    expect(limiter.retryAfter('k999')).toBe(60);
    expect(limiter.retryAfter('k0')).toBe(0);
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    expect(Array.from({ length: 6 }, () => bucket.take())).toEqual([true, true, true, true, true, false]);
    now = 100;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now = 10_000;
    expect(Array.from({ length: 6 }, () => bucket.take()).filter(Boolean)).toHaveLength(5);
  });
});
