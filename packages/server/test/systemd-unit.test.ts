import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/ports.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');

/** The first fenced block of `language` in the deployment guide. */
async function block(language: string): Promise<string> {
  const doc = await readFile(join(repoRoot, 'docs/deployment.md'), 'utf8');
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(doc);
  if (!match) throw new Error(`docs/deployment.md has no ${language} block`);
  return match[1]!;
}

/** The unit's `Key=value` settings, in order (a key may repeat). */
function settings(unit: string): [string, string][] {
  return unit
    .split('\n')
    .filter((line) => /^[A-Za-z]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
}

/**
 * The systemd unit and the config file in docs/deployment.md, run as written: the ExecStart
 * line, with the unit's paths pointing at this checkout and the config file at a copy of the
 * doc's, on a free port and a temporary data dir (variables override the file, as documented).
 */
describe('the systemd unit in docs/deployment.md', () => {
  let unit: string;
  let dir: string;

  beforeAll(async () => {
    unit = await block('ini');
    dir = await mkdtemp(join(tmpdir(), 'parley-unit-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('asks for the hardening Parley can live with', () => {
    const set = new Map(settings(unit));
    for (const [key, value] of Object.entries({
      NoNewPrivileges: 'yes',
      ProtectSystem: 'strict',
      ProtectHome: 'yes',
      PrivateTmp: 'yes',
      PrivateDevices: 'yes',
      CapabilityBoundingSet: '',
      RestrictNamespaces: 'yes',
      RestrictSUIDSGID: 'yes',
      SystemCallArchitectures: 'native',
      ReadWritePaths: '/var/lib/parley',
      KillSignal: 'SIGTERM',
      User: 'parley',
    })) {
      expect(set.get(key), key).toBe(value);
    }
  });

  it.skipIf(!existsSync('/usr/bin/systemd-analyze'))('passes systemd-analyze verify without a warning', async () => {
    const path = join(dir, 'parley.service');
    await writeFile(path, unit.replaceAll('/srv/parley', repoRoot).replaceAll('/usr/bin/node', process.execPath));
    const { stdout, stderr } = await promisify(execFile)('systemd-analyze', ['verify', path]);
    expect(stdout + stderr).toBe('');
  });

  it('starts the server with its ExecStart line and config file, serves, and stops cleanly on its KillSignal', async () => {
    const configPath = join(dir, 'parley.toml');
    await writeFile(configPath, await block('toml'));
    const exec = new Map(settings(unit)).get('ExecStart')!;
    const [command, ...args] = exec
      .replaceAll('/usr/bin/node', process.execPath)
      .replaceAll('/srv/parley', repoRoot)
      .replaceAll('/etc/parley/parley.toml', configPath)
      .split(/\s+/);
    const environment = Object.fromEntries(settings(unit).filter(([key]) => key === 'Environment').map(([, value]) => value.split('=') as [string, string]));
    const port = await freePort();
    const child = spawn(command!, args, {
      cwd: repoRoot,
      env: { ...process.env, ...environment, PORT: String(port), PARLEY_DATA_DIR: join(dir, 'data'), PARLEY_METRICS_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 20_000;
      while (!/Parley listening on http:\/\/127\.0\.0\.1:\d+/.test(stdout)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`not listening: ${stdout} ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(stdout).toContain(`Parley listening on http://127.0.0.1:${port}`);
      expect(stdout).toContain(`Data: SQLite ${join(dir, 'data', 'parley.db')}`);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
      const metricsPort = /Metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(stdout)?.[1];
      expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(200);
      // Not a terminal, as under systemd: the journal gets JSON lines.
      for (const line of stderr.trim().split('\n')) expect(() => JSON.parse(line), line).not.toThrow();
    } finally {
      child.kill(new Map(settings(unit)).get('KillSignal') as NodeJS.Signals);
    }
    const stopSeconds = Number.parseInt(new Map(settings(unit)).get('TimeoutStopSec')!, 10);
    const timer = setTimeout(() => child.kill('SIGKILL'), stopSeconds * 1000);
    expect(await exited).toBe(0);
    clearTimeout(timer);
  });
});
