import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runParley } from './helpers/process.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the parley command', () => {
  it('is installed for npx from the repository root and prints its version', async () => {
    const { version } = JSON.parse(await readFile(join(repoRoot, 'packages/server/package.json'), 'utf8')) as { version: string };
    const { stdout } = await promisify(execFile)('npx', ['--no-install', 'parley', '--version'], { cwd: repoRoot });
    expect(stdout.trim()).toMatch(new RegExp(`^parley ${version.replaceAll('.', '\\.')} \\(database schema: SQLite \\d+, PostgreSQL \\d+\\)$`));
  });

  it('lists its commands with --help', async () => {
    const { code, stdout } = await runParley(['--help']);
    expect(code).toBe(0);
    for (const command of ['serve', 'backup', 'restore', 'config', 'version']) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('refuses an unknown command with one sentence and exit 2', async () => {
    const { code, stderr } = await runParley(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toBe('parley: Unknown command "frobnicate"; run parley --help to see the commands.\n');
  });

  it('serve --help shows every option with its variable', async () => {
    const { code, stdout } = await runParley(['serve', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--port N', '--data-dir DIR', '--metrics-token TOKEN', '--config FILE']) expect(stdout).toContain(flag);
    expect(stdout).toContain('PARLEY_METRICS_PORT');
  });
});

describe('parley config check', () => {
  it('prints the effective configuration with where each value came from, secrets masked', async () => {
    const path = join(dir, 'parley.toml');
    await writeFile(path, 'port = 7100\nmetrics-token = "s3cret-metrics-token-123"\ndatabase-url = "postgres://parley:db-pa55word@db.example:5432/parley"\n');
    const { code, stdout, stderr } = await runParley(['config', 'check', '--config', path, '--host', '127.0.0.1'], { PARLEY_LOG_LEVEL: 'warn' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}port +7100 +parley\.toml$/m);
    expect(stdout).toMatch(/^ {2}host +127\.0\.0\.1 +--host$/m);
    expect(stdout).toMatch(/^ {2}log-level +warn +PARLEY_LOG_LEVEL$/m);
    expect(stdout).toMatch(/^ {2}data-dir +\.\/data +default$/m);
    expect(stdout).toMatch(/^ {2}metrics-token +\*\*\* +parley\.toml$/m);
    expect(stdout).toContain('postgres://parley:***@db.example:5432/parley');
    expect(stdout).not.toContain('s3cret');
    expect(stdout).not.toContain('db-pa55word');
    expect(stdout).toContain('The configuration is valid.');
  });

  it('lists every problem at once and exits 1', async () => {
    const path = join(dir, 'bad.toml');
    await writeFile(path, 'port = "eighty"\nlog-level = "loud"\nprot = 1\n');
    const { code, stdout, stderr } = await runParley(['config', 'check', '--config', path, '--session-idle-days', '0'], { PARLEY_TRUST_PROXY: 'maybe' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'parley: bad.toml: unknown option "prot"; the keys are the options of --help without the dashes, e.g. data-dir.',
      'parley: bad.toml: Invalid port "eighty": use a whole number from 0 to 65535.',
      'parley: bad.toml: Invalid log level "loud": use one of debug, info, warn, error, silent.',
      'parley: PARLEY_TRUST_PROXY: Invalid trust-proxy "maybe": use true or false (or 1 or 0).',
      'parley: Invalid session idle time "0": use a number of days above 0.',
      'parley: 5 problems found; Parley would not start with this configuration.',
    ]);
  });

  it('never prints a secret, even next to a problem', async () => {
    const { code, stdout, stderr } = await runParley(['config', 'check', '--metrics-token', 'x'.repeat(20), '--redis-url', 'redis://:redis-pa55@cache:6379']);
    expect(code).toBe(1);
    expect(stdout + stderr).not.toContain('x'.repeat(20));
    expect(stdout + stderr).not.toContain('redis-pa55');
  });
});
