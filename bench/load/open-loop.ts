import { messageText } from './message-text.js';

export interface OpenLoopOptions {
  /** Messages per second, over all senders. */
  rate: number;
  /** First intended send time (performance.now() clock). */
  startAt: number;
  durationMs: number;
  /** Sends message i (sender index, room and text chosen by the caller). */
  send(i: number, text: (sender: number, n: number) => string, intendedMs: number): void;
  /** Called with how late each message left against its intended time. */
  onLag(ms: number): void;
}

/**
 * Open-loop load: message i is due at startAt + i/rate whatever happened before. A timer
 * sends everything due each millisecond; when the generator falls behind, the backlog goes out
 * at once and the delay shows up in the latency (no coordinated omission). Resolves with the count sent.
 */
export function runOpenLoop(options: OpenLoopOptions): Promise<number> {
  const total = Math.floor((options.rate * options.durationMs) / 1000);
  const interval = 1000 / options.rate;
  const deadline = options.startAt + options.durationMs + 30_000;
  let next = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total) {
        const intended = options.startAt + next * interval;
        if (intended > now) break;
        options.send(next, (sender, n) => messageText(intended, sender, n), intended);
        options.onLag(performance.now() - intended);
        next++;
      }
      if (next >= total || now > deadline) resolve(next);
      else setTimeout(tick, Math.max(0, Math.min(1, options.startAt + next * interval - now)));
    };
    setTimeout(tick, Math.max(0, options.startAt - performance.now()));
  });
}
