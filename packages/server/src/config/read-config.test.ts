import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type LoadedConfig } from './read-config.js';

function read(argv: string[], env: NodeJS.ProcessEnv = {}): LoadedConfig {
  const loaded = loadConfig(argv, env);
  if (loaded === 'help') throw new Error('unexpected help');
  return loaded;
}

/** The problems loadConfig reports, or [] when it accepts. */
function problems(argv: string[], env: NodeJS.ProcessEnv = {}): string[] {
  try {
    loadConfig(argv, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('loadConfig', () => {
  it('defaults to port 6789 and ./data', () => {
    expect(read([]).config).toEqual({
      port: 6789,
      host: '0.0.0.0',
      dataDir: './data',
      logLevel: 'info',
      logFormat: 'auto',
      allowedOrigins: null,
      trustProxy: false,
      publicUrl: null,
      presenceGraceMs: 30_000,
      sessionPolicy: { idleMs: 30 * 86_400_000, maxAgeMs: 90 * 86_400_000 },
      databaseUrl: undefined,
      databaseSchema: undefined,
      redisUrl: undefined,
      redisPrefix: undefined,
      s3: undefined,
      metricsToken: undefined,
      metricsPort: undefined,
      metricsHost: '127.0.0.1',
    });
  });

  it('reads the public URL as an origin, and refuses one with a path or without a scheme', () => {
    expect(read(['--public-url', 'https://Chat.Example.com/']).config).toMatchObject({ publicUrl: 'https://chat.example.com' });
    expect(read([], { PARLEY_PUBLIC_URL: 'http://10.0.0.5:6789' }).config).toMatchObject({ publicUrl: 'http://10.0.0.5:6789' });
    for (const bad of ['chat.example.com', 'https://chat.example.com/app', 'ftp://x', 'https://a b']) {
      expect(() => read(['--public-url', bad]), bad).toThrow(/Invalid public URL/);
    }
  });

  it('reads the S3 store from its URL, and refuses one without its keys or bucket', () => {
    expect(read([], { PARLEY_S3_URL: 'https://AKIA1:s%2Fcret@s3.example.com/media/parley?region=eu-west-1' }).config.s3).toEqual({
      endpoint: 'https://s3.example.com', bucket: 'media', prefix: 'parley/', accessKeyId: 'AKIA1', secretAccessKey: 's/cret', region: 'eu-west-1',
    });
    for (const bad of ['s3://k:s@host/b', 'https://host/bucket', 'https://k:s@host/']) expect(() => read(['--s3-url', bad]), bad).toThrow(/S3 URL/);
  });

  it('takes flags over environment variables', () => {
    expect(read(['--port', '7000', '--data-dir', '/srv/parley'], { PORT: '8000', PARLEY_DATA_DIR: '/x' }).config).toMatchObject({ port: 7000, dataDir: '/srv/parley' });
    expect(read([], { PORT: '8000', PARLEY_DATA_DIR: '/x' }).config).toMatchObject({ port: 8000, dataDir: '/x' });
  });

  it('rejects a port that is not a number from 0 to 65535 with one sentence', () => {
    for (const bad of ['abc', '-1', '65536', '80.5']) {
      expect(() => loadConfig([`--port=${bad}`], {})).toThrow(new ConfigError([`Invalid port "${bad}": use a whole number from 0 to 65535.`]));
    }
  });

  it('rejects unknown options, missing values and pointless values', () => {
    expect(problems(['--prot', '1'])[0]).toMatch(/Unknown option '--prot'; run with --help/);
    expect(problems(['--port'])).toEqual(["Option '--port' needs a value; run with --help to see the options."]);
    expect(problems(['--log-level', 'loud'])).toEqual(['Invalid log level "loud": use one of debug, info, warn, error, silent.']);
    expect(problems(['--data-dir', ' '])).toEqual(['The data directory must not be empty.']);
    expect(problems(['serve'])).toEqual(['Unexpected argument "serve"; run with --help to see the usage.']);
  });

  it('names the variable a bad value came from', () => {
    expect(problems([], { PARLEY_LOG_LEVEL: 'loud', PARLEY_TRUST_PROXY: 'maybe' })).toEqual([
      'PARLEY_LOG_LEVEL: Invalid log level "loud": use one of debug, info, warn, error, silent.',
      'PARLEY_TRUST_PROXY: Invalid trust-proxy "maybe": use true or false (or 1 or 0).',
    ]);
  });

  it('reads allowed origins and refuses malformed ones', () => {
    expect(read([], { PARLEY_ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080' }).config.allowedOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(problems(['--allowed-origins', 'a.example'])[0]).toMatch(/Invalid origin "a.example"/);
  });

  it('reads session lifetimes in days', () => {
    expect(read(['--session-idle-days', '0.5'], { PARLEY_SESSION_MAX_DAYS: '2' }).config.sessionPolicy).toEqual({ idleMs: 43_200_000, maxAgeMs: 172_800_000 });
    expect(problems(['--session-max-days', '0'])[0]).toMatch(/Invalid session lifetime "0"/);
  });

  it('reads PostgreSQL and Redis URLs, and refuses Redis without a shared database', () => {
    expect(read([], { PARLEY_DATABASE_URL: 'postgres://db/parley', PARLEY_REDIS_URL: 'redis://cache:6379' }).config).toMatchObject({
      databaseUrl: 'postgres://db/parley',
      redisUrl: 'redis://cache:6379',
    });
    expect(problems([], { PARLEY_REDIS_URL: 'redis://cache:6379' })[0]).toMatch(/needs PARLEY_DATABASE_URL too/);
    expect(problems(['--database-url', 'mysql://db'])).toEqual(['The database URL must start with postgres:// or postgresql://.']);
  });

  it('keeps the metrics port on loopback unless a token guards it', () => {
    expect(read(['--metrics-port', '9464']).config).toMatchObject({ metricsPort: 9464, metricsHost: '127.0.0.1' });
    expect(problems(['--metrics-port', '9464', '--metrics-host', '0.0.0.0'])[0]).toMatch(/reachable from other machines \(0\.0\.0\.0\): set --metrics-token/);
    expect(read(['--metrics-port', '9464', '--metrics-host', '0.0.0.0', '--metrics-token', 'a'.repeat(24)]).config.metricsHost).toBe('0.0.0.0');
    expect(problems(['--metrics-token', 'short'])[0]).toMatch(/at least 16 characters/);
    expect(problems(['--metrics-port', '7000', '--port', '7000'])[0]).toMatch(/is the main port too/);
  });

  it('lists every problem at once', () => {
    expect(problems(['--port', 'x', '--log-level', 'loud', '--session-idle-days', '-1'], { PARLEY_DATABASE_URL: 'mysql://db' })).toHaveLength(4);
  });

  it('answers --help', () => {
    expect(loadConfig(['--help'], {})).toBe('help');
  });
});

describe('a config file', () => {
  it('sets any option from TOML, below flags and the environment and above the defaults', async () => {
    const path = await file(
      'parley.toml',
      ['port = 7100', 'host = "127.0.0.1"', 'data-dir = "/var/lib/parley"', 'trust-proxy = true', 'allowed-origins = ["https://a.example"]', 'session-idle-days = 7'].join('\n'),
    );
    const loaded = read(['--config', path]);
    expect(loaded.config).toMatchObject({ port: 7100, host: '127.0.0.1', dataDir: '/var/lib/parley', trustProxy: true, allowedOrigins: ['https://a.example'] });
    expect(loaded.config.sessionPolicy.idleMs).toBe(7 * 86_400_000);
    expect(loaded.sources).toMatchObject({ port: 'parley.toml', 'log-level': 'default' });
    const layered = read(['--config', path, '--port', '7300'], { PORT: '7200', PARLEY_HOST: '::1' });
    expect(layered.config).toMatchObject({ port: 7300, host: '::1', dataDir: '/var/lib/parley' });
    expect(layered.sources).toMatchObject({ port: '--port', host: 'PARLEY_HOST', 'data-dir': 'parley.toml' });
  });

  it('is found through PARLEY_CONFIG too, and may be JSON', async () => {
    const path = await file('parley.json', JSON.stringify({ port: 7400, 'log-level': 'warn' }));
    expect(read([], { PARLEY_CONFIG: path }).config).toMatchObject({ port: 7400, logLevel: 'warn' });
  });

  it('reports a TOML syntax error with its line and column', async () => {
    const path = await file('broken.toml', 'port = 7100\nhost = \n');
    expect(problems(['--config', path])).toEqual(['broken.toml, line 2, column 8: invalid value.']);
  });

  it('reports invalid JSON', async () => {
    const path = await file('broken.json', '{"port": 7100,}');
    expect(problems(['--config', path])[0]).toMatch(/^broken\.json is not valid JSON: /);
  });

  it('reports a missing file, an unknown extension and a file that is not a table', async () => {
    expect(problems(['--config', join(dir, 'nowhere.toml')])).toEqual([`Cannot read the config file ${join(dir, 'nowhere.toml')}: there is no such file.`]);
    const yaml = await file('parley.yaml', 'port: 1');
    expect(problems(['--config', yaml])[0]).toMatch(/must end in \.toml or \.json/);
    const list = await file('list.json', '[1, 2]');
    expect(problems(['--config', list])).toEqual(['list.json must hold a table of options (key = value), not a single value.']);
  });

  it('reports every unknown key, wrong type and bad value of a file at once, naming the file', async () => {
    const path = await file('many.toml', ['prot = 1', 'port = "eighty"', 'log-level = "loud"', 'host = ["a", "b"]', 'config = "other.toml"', '[database]', 'url = "x"'].join('\n'));
    expect(problems(['--config', path])).toEqual([
      'many.toml: unknown option "prot"; the keys are the options of --help without the dashes, e.g. data-dir.',
      'many.toml: "host" must be a string, a number or true/false.',
      'many.toml: a config file cannot name another config file (key "config").',
      'many.toml: unknown option "database"; the keys are the options of --help without the dashes, e.g. data-dir.',
      'many.toml: Invalid port "eighty": use a whole number from 0 to 65535.',
      'many.toml: Invalid log level "loud": use one of debug, info, warn, error, silent.',
    ]);
  });
});
