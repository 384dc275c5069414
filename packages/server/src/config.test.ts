import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.js';

describe('readConfig', () => {
  it('defaults to port 6789 and ./data', () => {
    expect(readConfig([], {})).toEqual({
      port: 6789,
      host: '0.0.0.0',
      dataDir: './data',
      logLevel: 'info',
      allowedOrigins: null,
      trustProxy: false,
      publicUrl: null,
      sessionPolicy: { idleMs: 30 * 86_400_000, maxAgeMs: 90 * 86_400_000 },
      databaseUrl: undefined,
      databaseSchema: undefined,
      redisUrl: undefined,
      redisPrefix: undefined,
    });
  });

  it('takes flags over environment variables', () => {
    expect(readConfig(['--port', '7000', '--data-dir', '/srv/parley'], { PORT: '8000', PARLEY_DATA_DIR: '/x' })).toMatchObject({ port: 7000, dataDir: '/srv/parley' });
    expect(readConfig([], { PORT: '8000', PARLEY_DATA_DIR: '/x' })).toMatchObject({ port: 8000, dataDir: '/x' });
  });

  it('rejects a port that is not a number from 0 to 65535 with one sentence', () => {
    for (const bad of ['abc', '-1', '65536', '80.5', '']) {
      expect(() => readConfig([`--port=${bad}`], {})).toThrow(new ConfigError(`Invalid port "${bad}": use a whole number from 0 to 65535.`));
    }
  });

  it('rejects unknown options and pointless values', () => {
    expect(() => readConfig(['--prot', '1'], {})).toThrow(/Unknown option '--prot'; run with --help/);
    expect(() => readConfig(['--log-level', 'loud'], {})).toThrow(ConfigError);
    expect(() => readConfig(['--data-dir', ' '], {})).toThrow(ConfigError);
  });

  it('reads allowed origins and refuses malformed ones', () => {
    expect(readConfig([], { PARLEY_ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080' })).toMatchObject({
      allowedOrigins: ['https://a.example', 'http://b.example:8080'],
    });
    expect(() => readConfig(['--allowed-origins', 'a.example'], {})).toThrow(/Invalid origin "a.example"/);
  });

  it('reads the public URL as an origin, and refuses one with a path or without a scheme', () => {
    expect(readConfig(['--public-url', 'https://Chat.Example.com/'], {})).toMatchObject({ publicUrl: 'https://chat.example.com' });
    expect(readConfig([], { PARLEY_PUBLIC_URL: 'http://10.0.0.5:6789' })).toMatchObject({ publicUrl: 'http://10.0.0.5:6789' });
    for (const bad of ['chat.example.com', 'https://chat.example.com/app', 'ftp://x', 'https://a b']) {
      expect(() => readConfig(['--public-url', bad], {}), bad).toThrow(/Invalid public URL/);
    }
  });

  it('reads session lifetimes in days', () => {
    expect(readConfig(['--session-idle-days', '0.5'], { PARLEY_SESSION_MAX_DAYS: '2' })).toMatchObject({
      sessionPolicy: { idleMs: 43_200_000, maxAgeMs: 172_800_000 },
    });
    expect(() => readConfig(['--session-max-days', '0'], {})).toThrow(/Invalid session lifetime "0"/);
  });

  it('reads PostgreSQL and Redis URLs, and refuses Redis without a shared database', () => {
    expect(readConfig([], { PARLEY_DATABASE_URL: 'postgres://db/parley', PARLEY_REDIS_URL: 'redis://cache:6379' })).toMatchObject({
      databaseUrl: 'postgres://db/parley',
      redisUrl: 'redis://cache:6379',
    });
    expect(() => readConfig([], { PARLEY_REDIS_URL: 'redis://cache:6379' })).toThrow(/needs PARLEY_DATABASE_URL too/);
    expect(() => readConfig(['--database-url', 'mysql://db'], {})).toThrow(new ConfigError('The database URL must start with postgres:// or postgresql://.'));
  });

  it('answers --help', () => {
    expect(readConfig(['--help'], {})).toBe('help');
  });
});
