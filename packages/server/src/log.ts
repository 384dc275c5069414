/** A small leveled logger: one line per event, human-readable, key=value context. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

function format(context: Record<string, unknown> | undefined): string {
  if (!context) return '';
  return Object.entries(context)
    .map(([k, v]) => ` ${k}=${v instanceof Error ? JSON.stringify(v.stack ?? v.message) : JSON.stringify(v)}`)
    .join('');
}

/** Never pass tokens, passwords or message text in `context`: logs are read by operators. */
export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const at = (l: Exclude<LogLevel, 'silent'>) => (message: string, context?: Record<string, unknown>) => {
    if (order[l] < order[level]) return;
    write(`${new Date().toISOString()} ${l.toUpperCase()} ${message}${format(context)}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
