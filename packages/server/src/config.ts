import { parseArgs } from 'node:util';
import type { LogLevel } from './log.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  logLevel: LogLevel;
}

/** A configuration mistake; its message is one sentence for the operator. */
export class ConfigError extends Error {}

export const usage = `Usage: npm start -- [options]

Options (each also settable by the environment variable in brackets):
  --port N          TCP port for HTTP and WebSocket (PORT; default 6789)
  --host ADDR       interface to listen on (PARLEY_HOST; default 0.0.0.0)
  --data-dir DIR    where the SQLite database lives (PARLEY_DATA_DIR; default ./data)
  --log-level L     debug, info, warn, error or silent (PARLEY_LOG_LEVEL; default info)
  --help            show this text`;

const logLevels: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** Reads options from argv, then the environment, then defaults. Throws ConfigError. */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv): Config | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ConfigError(`${(error as Error).message.replace(/\.$/, '')}; run with --help to see the options.`);
  }
  if (values.help) return 'help';

  const rawPort = values.port ?? env.PORT ?? '6789';
  if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) > 65535) {
    throw new ConfigError(`Invalid port "${rawPort}": use a whole number from 0 to 65535.`);
  }
  const logLevel = (values['log-level'] ?? env.PARLEY_LOG_LEVEL ?? 'info') as LogLevel;
  if (!logLevels.includes(logLevel)) {
    throw new ConfigError(`Invalid log level "${logLevel}": use one of ${logLevels.join(', ')}.`);
  }
  const dataDir = values['data-dir'] ?? env.PARLEY_DATA_DIR ?? './data';
  if (dataDir.trim() === '') throw new ConfigError('The data directory must not be empty.');
  return { port: Number(rawPort), host: values.host ?? env.PARLEY_HOST ?? '0.0.0.0', dataDir, logLevel };
}
