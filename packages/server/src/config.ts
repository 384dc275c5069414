import { parseArgs } from 'node:util';
import type { SessionPolicy } from './auth/accounts.js';
import type { LogLevel } from './log.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  logLevel: LogLevel;
  /** null: same origin only. */
  allowedOrigins: string[] | null;
  trustProxy: boolean;
  /** The URL people open Parley at (scheme://host[:port]), or null. */
  publicUrl: string | null;
  sessionPolicy: SessionPolicy;
  databaseUrl: string | undefined;
  databaseSchema: string | undefined;
  redisUrl: string | undefined;
  redisPrefix: string | undefined;
}

/** A configuration mistake; its message is one sentence for the operator. */
export class ConfigError extends Error {}

export const usage = `Usage: npm start -- [options]

Options (each also settable by the environment variable in brackets):
  --port N                TCP port for HTTP and WebSocket (PORT; default 6789)
  --host ADDR             interface to listen on (PARLEY_HOST; default 0.0.0.0)
  --data-dir DIR          where the SQLite database lives (PARLEY_DATA_DIR; default ./data)
  --log-level L           debug, info, warn, error or silent (PARLEY_LOG_LEVEL; default info)
  --allowed-origins LIST  comma-separated origins whose pages may open WebSockets, or *
                          (PARLEY_ALLOWED_ORIGINS; default: the server's own origin only)
  --trust-proxy           take client addresses from X-Forwarded-For (PARLEY_TRUST_PROXY=1)
  --public-url URL        the address people open Parley at, e.g. https://chat.example.com
                          (PARLEY_PUBLIC_URL; default: whatever Host each request names)
  --session-idle-days N   end sessions unused this long (PARLEY_SESSION_IDLE_DAYS; default 30)
  --session-max-days N    end sessions this long after sign-in (PARLEY_SESSION_MAX_DAYS; default 90)
  --database-url URL      PostgreSQL instead of SQLite (PARLEY_DATABASE_URL), e.g. postgres://user@host/db
  --database-schema NAME  PostgreSQL schema for Parley's tables (PARLEY_DATABASE_SCHEMA; default public)
  --redis-url URL         Redis for several nodes: fan-out, presence, sign-outs (PARLEY_REDIS_URL);
                          needs --database-url
  --redis-prefix P        prefix of Parley's Redis keys (PARLEY_REDIS_PREFIX; default parley:)
  --help                  show this text`;

const logLevels: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

function days(raw: string, what: string): number {
  if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) <= 0) throw new ConfigError(`Invalid ${what} "${raw}": use a number of days above 0.`);
  return Number(raw) * 86_400_000;
}

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
        'allowed-origins': { type: 'string' },
        'trust-proxy': { type: 'boolean' },
        'public-url': { type: 'string' },
        'session-idle-days': { type: 'string' },
        'session-max-days': { type: 'string' },
        'database-url': { type: 'string' },
        'database-schema': { type: 'string' },
        'redis-url': { type: 'string' },
        'redis-prefix': { type: 'string' },
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
  const origins = values['allowed-origins'] ?? env.PARLEY_ALLOWED_ORIGINS;
  const allowedOrigins = origins ? origins.split(',').map((o) => o.trim()).filter(Boolean) : null;
  for (const origin of allowedOrigins ?? []) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(`Invalid origin "${origin}": write it as scheme://host[:port], e.g. https://chat.example.com.`);
    }
  }
  const publicUrl = values['public-url'] ?? (env.PARLEY_PUBLIC_URL || null);
  if (publicUrl !== null && !/^https?:\/\/[^/\s?#]+\/?$/.test(publicUrl)) {
    throw new ConfigError(`Invalid public URL "${publicUrl}": write it as scheme://host[:port], e.g. https://chat.example.com.`);
  }
  const idleMs = days(values['session-idle-days'] ?? env.PARLEY_SESSION_IDLE_DAYS ?? '30', 'session idle time');
  const maxAgeMs = days(values['session-max-days'] ?? env.PARLEY_SESSION_MAX_DAYS ?? '90', 'session lifetime');
  const databaseUrl = values['database-url'] ?? (env.PARLEY_DATABASE_URL || undefined);
  const redisUrl = values['redis-url'] ?? (env.PARLEY_REDIS_URL || undefined);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('The database URL must start with postgres:// or postgresql://.');
  }
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError('The Redis URL must start with redis:// or rediss://.');
  }
  if (redisUrl !== undefined && databaseUrl === undefined) {
    throw new ConfigError('PARLEY_REDIS_URL needs PARLEY_DATABASE_URL too: nodes must share one PostgreSQL database, not each keep an SQLite file.');
  }
  return {
    port: Number(rawPort),
    host: values.host ?? env.PARLEY_HOST ?? '0.0.0.0',
    dataDir,
    logLevel,
    allowedOrigins,
    trustProxy: values['trust-proxy'] ?? ['1', 'true', 'yes'].includes((env.PARLEY_TRUST_PROXY ?? '').toLowerCase()),
    publicUrl: publicUrl === null ? null : new URL(publicUrl).origin,
    sessionPolicy: { idleMs, maxAgeMs },
    databaseUrl,
    databaseSchema: values['database-schema'] ?? (env.PARLEY_DATABASE_SCHEMA || undefined),
    redisUrl,
    redisPrefix: values['redis-prefix'] ?? (env.PARLEY_REDIS_PREFIX || undefined),
  };
}
