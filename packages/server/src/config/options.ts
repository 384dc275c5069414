/**
 * Every option Parley reads, in one table: its flag (`--name`), its environment variable, its
 * key in a config file (the flag's name without the dashes), its default and whether it is a
 * secret. The usage text, the config file's keys and `parley config check` all come from here,
 * so an option added here is settable in all three ways at once.
 */
export interface OptionSpec {
  readonly name: string;
  readonly env: string;
  /** A switch: `--trust-proxy` alone means true; env and file take true/false, 1/0, yes/no. */
  readonly boolean?: true;
  /** The value's placeholder in the usage text, e.g. `N`. */
  readonly arg?: string;
  readonly help: string;
  /** The default as text (parsed like any other value), or undefined for "unset". */
  readonly default: string | undefined;
  /** How `config check` shows it: the whole value hidden, or just a URL's password. */
  readonly secret?: 'value' | 'url-password';
}

export const optionSpecs = [
  { name: 'port', env: 'PORT', arg: 'N', default: '6789', help: 'TCP port for HTTP and WebSocket' },
  { name: 'host', env: 'PARLEY_HOST', arg: 'ADDR', default: '0.0.0.0', help: 'interface to listen on' },
  { name: 'data-dir', env: 'PARLEY_DATA_DIR', arg: 'DIR', default: './data', help: 'where the SQLite database and uploaded files live' },
  { name: 'log-level', env: 'PARLEY_LOG_LEVEL', arg: 'L', default: 'info', help: 'debug, info, warn, error or silent' },
  { name: 'log-format', env: 'PARLEY_LOG_FORMAT', arg: 'F', default: 'auto', help: 'json, text, or auto (text on a terminal, JSON otherwise)' },
  { name: 'allowed-origins', env: 'PARLEY_ALLOWED_ORIGINS', arg: 'LIST', default: undefined, help: "comma-separated origins whose pages may open WebSockets, or * (default: the server's own)" },
  { name: 'trust-proxy', env: 'PARLEY_TRUST_PROXY', boolean: true, default: 'false', help: 'take client addresses from X-Forwarded-For' },
  { name: 'public-url', env: 'PARLEY_PUBLIC_URL', arg: 'URL', default: undefined, help: 'the address people open Parley at, e.g. https://chat.example.com (default: whatever Host each request names)' },
  { name: 'session-idle-days', env: 'PARLEY_SESSION_IDLE_DAYS', arg: 'N', default: '30', help: 'end sessions unused this long' },
  { name: 'presence-grace-seconds', env: 'PARLEY_PRESENCE_GRACE_SECONDS', arg: 'N', default: '30', help: 'announce a user offline this long after their last connection closes' },
  { name: 'session-max-days', env: 'PARLEY_SESSION_MAX_DAYS', arg: 'N', default: '90', help: 'end sessions this long after sign-in' },
  { name: 'database-url', env: 'PARLEY_DATABASE_URL', arg: 'URL', default: undefined, secret: 'url-password', help: 'PostgreSQL instead of SQLite, e.g. postgres://user@host/db' },
  { name: 'database-schema', env: 'PARLEY_DATABASE_SCHEMA', arg: 'NAME', default: undefined, help: "PostgreSQL schema for Parley's tables (default public)" },
  { name: 'redis-url', env: 'PARLEY_REDIS_URL', arg: 'URL', default: undefined, secret: 'url-password', help: 'Redis for several nodes (needs --database-url)' },
  { name: 's3-url', env: 'PARLEY_S3_URL', arg: 'URL', default: undefined, secret: 'url-password', help: 'keep uploaded files in an S3-compatible bucket: https://KEY:SECRET@host/bucket[/prefix][?region=R]' },
  { name: 'redis-prefix', env: 'PARLEY_REDIS_PREFIX', arg: 'P', default: undefined, help: "prefix of Parley's Redis keys (default parley:)" },
  { name: 'metrics-token', env: 'PARLEY_METRICS_TOKEN', arg: 'TOKEN', default: undefined, secret: 'value', help: 'serve GET /metrics on the main port to Authorization: Bearer TOKEN (16+ characters)' },
  { name: 'metrics-port', env: 'PARLEY_METRICS_PORT', arg: 'N', default: undefined, help: 'serve GET /metrics on this port of --metrics-host' },
  { name: 'metrics-host', env: 'PARLEY_METRICS_HOST', arg: 'ADDR', default: '127.0.0.1', help: 'interface of --metrics-port (anything but loopback needs --metrics-token)' },
] as const satisfies readonly OptionSpec[];

export type OptionName = (typeof optionSpecs)[number]['name'];

/** The config file itself: a flag or a variable only (a file cannot name another file). */
export const configFileOption = { name: 'config', env: 'PARLEY_CONFIG', arg: 'FILE', help: 'read options from a TOML or JSON file' } as const;

/** The options block of a usage text, one option a line. */
export function optionsUsage(): string {
  const specs: readonly OptionSpec[] = [...optionSpecs, { ...configFileOption, default: undefined }];
  const left = (s: OptionSpec) => `--${s.name}${s.arg ? ` ${s.arg}` : ''}`;
  const width = Math.max(...specs.map((s) => left(s).length)) + 2;
  return specs
    .map((s) => {
      const facts = [s.boolean ? `${s.env}=1` : s.env, ...(s.default !== undefined && !s.boolean ? [`default ${s.default}`] : [])];
      return `  ${left(s).padEnd(width)}${s.help} (${facts.join('; ')})`;
    })
    .join('\n');
}
