/** A small leveled logger: one line per event, human-readable, key=value context. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  /**
   * A line identical to one printed less than this long ago (same level, message and context)
   * is counted instead of printed; when the window ends, one line says how many there were.
   * Default 10 s; 0 prints every line.
   */
  repeatWindowMs?: number;
  now?: () => number;
}

function format(context: Record<string, unknown> | undefined): string {
  if (!context) return '';
  return Object.entries(context)
    .map(([k, v]) => ` ${k}=${v instanceof Error ? JSON.stringify(v.stack ?? v.message) : JSON.stringify(v)}`)
    .join('');
}

// Distinct lines remembered at once; past it the oldest window is closed early.
const maxRemembered = 1000;

interface Repeat {
  level: string;
  line: string;
  since: number;
  count: number;
}

/**
 * Never pass tokens, passwords, phone numbers or message text in `context`: logs are read by
 * operators. Repeats are folded so that a client provoking the same error thousands of times
 * a second cannot fill the disk or drown the other lines.
 */
export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (line) => process.stderr.write(`${line}\n`), options: LoggerOptions = {}): Logger {
  const windowMs = options.repeatWindowMs ?? 10_000;
  const now = options.now ?? (() => Date.now());
  const recent = new Map<string, Repeat>();
  let sweeper: ReturnType<typeof setInterval> | undefined;

  const print = (at: number, l: string, line: string) => write(`${new Date(at).toISOString()} ${l.toUpperCase()} ${line}`);
  const summarize = (repeat: Repeat, at: number) => {
    if (repeat.count > 0) print(at, repeat.level, `${repeat.line.length > 200 ? `${repeat.line.slice(0, 200)}…` : repeat.line} (repeated ${repeat.count} more times in ${Math.round((at - repeat.since) / 1000)} s)`);
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

  const at = (l: Exclude<LogLevel, 'silent'>) => (message: string, context?: Record<string, unknown>) => {
    if (order[l] < order[level]) return;
    const line = `${message}${format(context)}`;
    const time = now();
    if (windowMs <= 0) return print(time, l, line);
    const key = `${l} ${line}`;
    const repeat = recent.get(key);
    if (repeat && time - repeat.since < windowMs) {
      repeat.count++;
      return;
    }
    if (repeat) {
      summarize(repeat, time);
      recent.delete(key);
    }
    if (recent.size >= maxRemembered) {
      const [oldestKey, oldest] = recent.entries().next().value!;
      summarize(oldest, time);
      recent.delete(oldestKey);
    }
    recent.set(key, { level: l, line, since: time, count: 0 });
    print(time, l, line);
    if (!sweeper) {
      sweeper = setInterval(sweep, windowMs);
      sweeper.unref();
    }
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
