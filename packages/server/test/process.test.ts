import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServerProcess } from './helpers/process.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parley-process-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** What a person sees when the server refuses to start: one sentence, no stack trace. */
function expectOneClearSentence(output: string): void {
  const lines = output.trim().split('\n').filter((line) => line.trim() !== '');
  expect(lines, output).toHaveLength(1);
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/node:internal|\.js:\d+/);
}

describe('the server process', () => {
  it('prints where it listens and where the data lives, serves, and exits 0 on SIGTERM', async () => {
    const server = runServerProcess(['--port', '0', '--data-dir', dataDir]);
    const [, port] = await server.waitForOutput(/Parley listening on http:\/\/localhost:(\d+)/);
    expect(Number(port)).toBeGreaterThan(0);
    const [dataLine] = await server.waitForOutput(/^Data: .*$/m);
    expect(dataLine).toContain(dataDir);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(server.stderr()).not.toMatch(/^\s+at /m);
  });

  it('exits cleanly on SIGINT too', async () => {
    const server = runServerProcess(['--port', '0', '--data-dir', dataDir]);
    const [, port] = await server.waitForOutput(/Parley listening on http:\/\/localhost:(\d+)/);
    // Once it has answered a request it is fully up (signal handlers included).
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    server.child.kill('SIGINT');
    expect((await server.exited).code).toBe(0);
  });

  it('reads PORT and PARLEY_DATA_DIR from the environment', async () => {
    const server = runServerProcess([], { PORT: '0', PARLEY_DATA_DIR: dataDir });
    const [, port] = await server.waitForOutput(/Parley listening on http:\/\/localhost:(\d+)/);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    expect((await server.waitForOutput(/^Data: .*$/m))[0]).toContain(dataDir);
    server.child.kill('SIGTERM');
    await server.exited;
  });

  describe('when the port is in use', () => {
    let blocker: Server;
    let port: number;

    beforeAll(async () => {
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, resolve));
      port = (blocker.address() as { port: number }).port;
    });

    afterAll(async () => {
      await new Promise((resolve) => blocker.close(resolve));
    });

    it('stops with a non-zero exit and one sentence that names the port, no stack trace', async () => {
      const server = runServerProcess(['--port', String(port), '--data-dir', dataDir]);
      const { code } = await server.exited;
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expectOneClearSentence(server.stderr());
      expect(server.stderr()).toContain(String(port));
    });
  });

  it('stops with a non-zero exit and one sentence for a port that is not a number', async () => {
    const server = runServerProcess(['--port', 'eighty', '--data-dir', dataDir]);
    const { code } = await server.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expectOneClearSentence(server.stderr());
    expect(server.stderr()).toContain('eighty');
  });

  it('stops with a non-zero exit and one sentence naming an unwritable data dir, no stack trace', async () => {
    // Tests may run as root, who can write anywhere: a directory under a regular file cannot exist for anyone.
    const server = runServerProcess(['--port', '0', '--data-dir', '/etc/passwd/parley']);
    const { code } = await server.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expectOneClearSentence(server.stderr());
    expect(server.stderr()).toContain('/etc/passwd/parley');
    expect(server.stdout()).not.toMatch(/Parley listening/);
  });
});
