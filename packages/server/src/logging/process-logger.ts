import type { LogFormat } from '../config/read-config.js';
import { createLogger, type LogLevel, type Logger } from '../log.js';
import { createJsonLogger } from './json-sink.js';

/**
 * The server process's logger: human sentences on a terminal, JSON lines for a log collector
 * (systemd's journal, a container runtime, a file), unless `format` says which.
 */
export function createProcessLogger(level: LogLevel, format: LogFormat, stderrIsTty = process.stderr.isTTY === true): Logger {
  const json = format === 'json' || (format === 'auto' && !stderrIsTty);
  return json ? createJsonLogger(level) : createLogger(level);
}
