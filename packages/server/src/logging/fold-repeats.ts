import type { EventLevel, LogSink } from '../log.js';

export interface FoldOptions {
  /**
   * An event identical to one passed less than this long ago (same level, message and context)
   * is counted instead of passed on; when the window ends, one event says how many there were.
   * Default 10 s; 0 passes every event.
   */
  repeatWindowMs?: number;
  now?: () => number;
}

// Distinct events remembered at once; past it the oldest window is closed early.
const maxRemembered = 1000;

interface Repeat {
  level: EventLevel;
  message: string;
  context: Record<string, unknown> | undefined;
  since: number;
  count: number;
}

function keyOf(level: EventLevel, message: string, context: Record<string, unknown> | undefined): string {
  let contextKey: string;
  try {
    contextKey = JSON.stringify(context ?? null, (_k, v: unknown) => (v instanceof Error ? (v.stack ?? v.message) : v));
  } catch {
    contextKey = String(Math.random());
  }
  return `${level} ${message} ${contextKey}`;
}

/**
 * Wraps a sink (human or JSON) so that a client provoking the same error thousands of times a
 * second cannot fill the disk or drown the other lines: repeats within the window are counted,
 * and summarized in one event when the window ends.
 */
export function foldRepeats(sink: LogSink, options: FoldOptions = {}): LogSink {
  const windowMs = options.repeatWindowMs ?? 10_000;
  const now = options.now ?? (() => Date.now());
  if (windowMs <= 0) return sink;
  const recent = new Map<string, Repeat>();
  let sweeper: ReturnType<typeof setInterval> | undefined;

  const summarize = (repeat: Repeat, at: number) => {
    if (repeat.count === 0) return;
    sink(repeat.level, `${repeat.message} (repeated ${repeat.count} more times in ${Math.round((at - repeat.since) / 1000)} s)`, repeat.context);
  };
  const sweep = () => {
    const at = now();
    for (const [key, repeat] of recent) {
      if (at - repeat.since < windowMs) continue;
      summarize(repeat, at);
      recent.delete(key);
    }
    if (recent.size === 0 && sweeper) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };

  return (level, message, context) => {
    const at = now();
    const key = keyOf(level, message, context);
    const repeat = recent.get(key);
    if (repeat && at - repeat.since < windowMs) {
      repeat.count++;
      return;
    }
    if (repeat) {
      summarize(repeat, at);
      recent.delete(key);
    }
    if (recent.size >= maxRemembered) {
      const [oldestKey, oldest] = recent.entries().next().value!;
      summarize(oldest, at);
      recent.delete(oldestKey);
    }
    recent.set(key, { level, message, context, since: at, count: 0 });
    sink(level, message, context);
    if (!sweeper) {
      sweeper = setInterval(sweep, windowMs);
      sweeper.unref();
    }
  };
}
