import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from './log.js';

describe('createLogger', () => {
  afterEach(() => void vi.useRealTimers());

  it('prints a line repeated within the window once, then says how many more there were', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const log = createLogger('info', (line) => lines.push(line), { repeatWindowMs: 10_000 });
    for (let i = 0; i < 5000; i++) log.error('unexpected error', { error: 'boom' });
    log.error('unexpected error', { error: 'other' });
    log.info('unrelated');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/ERROR unexpected error error="boom"$/);
    vi.advanceTimersByTime(10_000);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/ERROR unexpected error \(repeated 4999 more times in 10 s\) error="boom"$/);
    // A new window starts: the line is printed again.
    log.error('unexpected error', { error: 'boom' });
    expect(lines).toHaveLength(5);
  });

  it('prints every line when the window is 0, and nothing below its level', () => {
    const lines: string[] = [];
    const log = createLogger('warn', (line) => lines.push(line), { repeatWindowMs: 0 });
    for (let i = 0; i < 3; i++) log.warn('same');
    log.info('hidden');
    expect(lines).toHaveLength(3);
  });

  it('keeps a bounded memory of distinct lines', () => {
    const lines: string[] = [];
    const now = 0;
    const log = createLogger('info', (line) => lines.push(line), { now: () => now });
    for (let i = 0; i < 5000; i++) log.info('distinct', { i });
    log.info('distinct', { i: 0 });
    // Line 0 was forgotten (1000 remembered at most), so it prints again.
    expect(lines.filter((l) => l.endsWith('i=0'))).toHaveLength(2);
  });
});
