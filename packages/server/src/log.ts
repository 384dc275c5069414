import { foldRepeats, type FoldOptions } from './logging/fold-repeats.js';
import { redactContext } from './logging/redact.js';

/** A small leveled logger: one line per event, with key=value (or JSON) context. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export type EventLevel = Exclude<LogLevel, 'silent'>;

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/**
 * Where the events a logger lets through go: a human line (below) or a JSON line
 * (logging/json-sink.ts). Anything that shapes the stream for both, such as folding repeated
 * lines, wraps a sink.
 */
export type LogSink = (level: EventLevel, message: string, context: Record<string, unknown> | undefined) => void;

/** A Logger that passes events at `level` and above to `sink`, with secrets taken out of their context. */
export function leveled(level: LogLevel, sink: LogSink): Logger {
  const at = (l: EventLevel) => (message: string, context?: Record<string, unknown>) => {
    if (order[l] < order[level]) return;
    sink(l, message, context && redactContext(context));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function format(context: Record<string, unknown> | undefined): string {
  if (!context) return '';
  return Object.entries(context)
    .map(([k, v]) => ` ${k}=${v instanceof Error ? JSON.stringify(v.stack ?? v.message) : JSON.stringify(v)}`)
    .join('');
}

/** The sentences a person reads in a terminal: `<time> INFO <message> key=value ...`. */
export function humanSink(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): LogSink {
  return (level, message, context) => write(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${format(context)}`);
}

/**
 * Never pass tokens, passwords, phone numbers or message text in `context`: logs are read by
 * operators. Repeats are folded (see logging/fold-repeats.ts).
 */
export function createLogger(level: LogLevel = 'info', write?: (line: string) => void, options: FoldOptions = {}): Logger {
  return leveled(level, foldRepeats(humanSink(write), options));
}
