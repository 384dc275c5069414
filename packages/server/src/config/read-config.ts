import { parseArgs } from 'node:util';
import type { SessionPolicy } from '../auth/accounts.js';
import type { LogLevel } from '../log.js';
import { readConfigFile } from './config-file.js';
import { configFileOption, optionSpecs, type OptionName, type OptionSpec } from './options.js';
import { s3OptionsFromUrl, type S3Options } from '../uploads/s3-blob-store.js';

export type LogFormat = 'auto' | 'json' | 'text';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** null: same origin only. */
  allowedOrigins: string[] | null;
  trustProxy: boolean;
  /** The URL people open Parley at, as an origin (scheme://host[:port]), or null. */
  publicUrl: string | null;
  sessionPolicy: SessionPolicy;
  /** How long after a user's last connection closes they are announced offline. */
  presenceGraceMs: number;
  databaseUrl: string | undefined;
  databaseSchema: string | undefined;
  redisUrl: string | undefined;
  redisPrefix: string | undefined;
  /** Where uploaded files go instead of the data dir. */
  s3: S3Options | undefined;
  metricsToken: string | undefined;
  metricsPort: number | undefined;
  metricsHost: string;
}

/** A configuration mistake. Its message holds every problem found, one sentence a line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Where an option's value came from: `--port`, `PORT`, `parley.toml` or `default`. */
export type Sources = Record<OptionName, string>;

export interface LoadedConfig {
  config: Config;
  sources: Sources;
  /** The value of each option as written (before parsing), for `config check`. */
  raw: Record<OptionName, string | undefined>;
  /** Arguments that are not options (a subcommand's file name, say). */
  positionals: string[];
  /** The config file read, if any. */
  file: string | undefined;
}

export interface LoadOptions {
  /** How many arguments that are not options the command takes (default 0). */
  positionals?: number;
  /** A command's own switches besides the server options, e.g. `--force`. */
  extraBooleans?: readonly string[];
}

const logLevels: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
const logFormats: LogFormat[] = ['auto', 'json', 'text'];
const loopback = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

function days(raw: string, what: string): number {
  if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) <= 0) throw new Error(`Invalid ${what} "${raw}": use a number of days above 0.`);
  return Number(raw) * 86_400_000;
}

function seconds(raw: string, what: string): number {
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new Error(`Invalid ${what} "${raw}": use a number of seconds.`);
  return Math.round(Number(raw) * 1000);
}

function portNumber(raw: string, what = 'port'): number {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new Error(`Invalid ${what} "${raw}": use a whole number from 0 to 65535.`);
  return Number(raw);
}

function yesNo(raw: string, name: string): boolean {
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(value)) return false;
  throw new Error(`Invalid ${name} "${raw}": use true or false (or 1 or 0).`);
}

/**
 * Reads the options: each from its flag, else its environment variable, else the config file
 * (`--config FILE` or PARLEY_CONFIG), else its default. Throws ConfigError listing every problem
 * at once; returns 'help' for --help.
 */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv, options: LoadOptions = {}): LoadedConfig | 'help' {
  const problems: string[] = [];
  const parseOptions = Object.fromEntries([
    ...optionSpecs.map((s: OptionSpec) => [s.name, { type: s.boolean ? 'boolean' : 'string' }] as const),
    [configFileOption.name, { type: 'string' }] as const,
    ['help', { type: 'boolean', short: 'h' }] as const,
    ...(options.extraBooleans ?? []).map((name) => [name, { type: 'boolean' }] as const),
  ]) as Record<string, { type: 'string' | 'boolean'; short?: string }>;
  const { values, positionals, tokens } = parseArgs({ args: argv, options: parseOptions, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const declared = parseOptions[token.name];
    if (!declared) problems.push(`Unknown option '${token.rawName}'; run with --help to see the options.`);
    else if (declared.type === 'string' && token.value === undefined) problems.push(`Option '${token.rawName}' needs a value; run with --help to see the options.`);
    else if (declared.type === 'boolean' && token.inlineValue) problems.push(`Option '${token.rawName}' takes no value.`);
  }
  if (values.help === true) return 'help';
  const allowed = options.positionals ?? 0;
  for (const extra of positionals.slice(allowed)) problems.push(`Unexpected argument "${extra}"; run with --help to see the usage.`);

  const configPath = typeof values.config === 'string' ? values.config : env.PARLEY_CONFIG || undefined;
  const file = configPath ? readConfigFile(configPath) : { values: new Map<string, string>(), problems: [] };
  problems.push(...file.problems);
  const fileLabel = configPath?.split('/').at(-1) ?? '';

  const sources = {} as Sources;
  const raw = {} as Record<OptionName, string | undefined>;
  for (const spec of optionSpecs as readonly (OptionSpec & { name: OptionName })[]) {
    const flag = values[spec.name];
    const fromEnv = env[spec.env];
    if (flag !== undefined && typeof flag === (spec.boolean ? 'boolean' : 'string')) {
      raw[spec.name] = String(flag);
      sources[spec.name] = `--${spec.name}`;
    } else if (fromEnv !== undefined && fromEnv !== '') {
      raw[spec.name] = fromEnv;
      sources[spec.name] = spec.env;
    } else if (file.values.has(spec.name)) {
      raw[spec.name] = file.values.get(spec.name);
      sources[spec.name] = fileLabel;
    } else {
      raw[spec.name] = spec.default;
      sources[spec.name] = 'default';
    }
  }

  // Each value is parsed on its own, so that one bad value does not hide the next.
  const read = <T>(name: OptionName, parse: (value: string) => T, fallback: T): T => {
    const value = raw[name];
    if (value === undefined) return fallback;
    try {
      return parse(value);
    } catch (error) {
      const source = sources[name];
      problems.push(source.startsWith('--') || source === 'default' ? (error as Error).message : `${source}: ${(error as Error).message}`);
      return fallback;
    }
  };
  const optional = (value: string) => (value === '' ? undefined : value);

  const config: Config = {
    port: read('port', (v) => portNumber(v), 6789),
    host: read('host', (v) => {
      if (v.trim() === '') throw new Error('The address to listen on must not be empty.');
      return v;
    }, '0.0.0.0'),
    dataDir: read('data-dir', (v) => {
      if (v.trim() === '') throw new Error('The data directory must not be empty.');
      return v;
    }, './data'),
    logLevel: read('log-level', (v) => {
      if (!logLevels.includes(v as LogLevel)) throw new Error(`Invalid log level "${v}": use one of ${logLevels.join(', ')}.`);
      return v as LogLevel;
    }, 'info'),
    logFormat: read('log-format', (v) => {
      if (!logFormats.includes(v as LogFormat)) throw new Error(`Invalid log format "${v}": use one of ${logFormats.join(', ')}.`);
      return v as LogFormat;
    }, 'auto'),
    allowedOrigins: read('allowed-origins', (v) => {
      const origins = v.split(',').map((o) => o.trim()).filter(Boolean);
      for (const origin of origins) {
        if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
          throw new Error(`Invalid origin "${origin}": write it as scheme://host[:port], e.g. https://chat.example.com.`);
        }
      }
      return origins.length > 0 ? origins : null;
    }, null),
    trustProxy: read('trust-proxy', (v) => yesNo(v, 'trust-proxy'), false),
    publicUrl: read('public-url', (v) => {
      if (!/^https?:\/\/[^/\s?#]+\/?$/.test(v)) throw new Error(`Invalid public URL "${v}": write it as scheme://host[:port], e.g. https://chat.example.com.`);
      return new URL(v).origin;
    }, null),
    sessionPolicy: {
      idleMs: read('session-idle-days', (v) => days(v, 'session idle time'), 30 * 86_400_000),
      maxAgeMs: read('session-max-days', (v) => days(v, 'session lifetime'), 90 * 86_400_000),
    },
    presenceGraceMs: read('presence-grace-seconds', (v) => seconds(v, 'presence grace period'), 30_000),
    databaseUrl: read('database-url', (v) => {
      if (!/^postgres(ql)?:\/\//.test(v)) throw new Error('The database URL must start with postgres:// or postgresql://.');
      return v;
    }, undefined),
    databaseSchema: read('database-schema', optional, undefined),
    redisUrl: read('redis-url', (v) => {
      if (!/^rediss?:\/\//.test(v)) throw new Error('The Redis URL must start with redis:// or rediss://.');
      return v;
    }, undefined),
    redisPrefix: read('redis-prefix', optional, undefined),
    s3: read('s3-url', s3OptionsFromUrl, undefined),
    metricsToken: read('metrics-token', (v) => {
      if (v.length < 16 || /\s/.test(v)) throw new Error('The metrics token must be at least 16 characters without spaces (e.g. from openssl rand -hex 24).');
      return v;
    }, undefined),
    metricsPort: read('metrics-port', (v) => portNumber(v, 'metrics port'), undefined),
    metricsHost: read('metrics-host', (v) => v, '127.0.0.1'),
  };

  // Combinations, once each value is known to be valid on its own.
  if (raw['redis-url'] !== undefined && raw['database-url'] === undefined) {
    problems.push('PARLEY_REDIS_URL needs PARLEY_DATABASE_URL too: nodes must share one PostgreSQL database, not each keep an SQLite file.');
  }
  if (config.metricsPort !== undefined && config.metricsPort !== 0 && config.metricsPort === config.port) {
    problems.push(`The metrics port ${config.metricsPort} is the main port too; choose another one, or leave it unset and use --metrics-token.`);
  }
  if (config.metricsPort !== undefined && !loopback.test(config.metricsHost) && config.metricsToken === undefined) {
    problems.push(`The metrics port would be reachable from other machines (${config.metricsHost}): set --metrics-token too, or keep --metrics-host at 127.0.0.1.`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { config, sources, raw, positionals: positionals.slice(0, allowed), file: configPath };
}
