import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer, type ServerOptions } from '../../packages/server/src/app.js';

// PARLEY_E2E_WEB_ROOT points the tests at another build (say, the last release's, to see a new test fail there).
const webRoot = resolve(process.env.PARLEY_E2E_WEB_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../packages/web/dist'));

/** A real Parley server on a free port with its own data dir, serving the built web app. */
export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Stops the server and starts a new one on the same data dir and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its data dir. */
  dispose(): Promise<void>;
}

/** `options`: anything but where it lives and listens (say, shorter heartbeats). */
export async function startTestServer(options: Omit<ServerOptions, 'dataDir' | 'port' | 'host' | 'webRoot'> = {}): Promise<TestServer> {
  if (!existsSync(join(webRoot, 'index.html'))) {
    throw new Error(`${webRoot} has no index.html: run \`npm run build\` first.`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  // Offline is announced after a grace period: half a second here, not 30 s.
  options = { ...options, chat: { ...options.chat, presence: { graceMs: 500, ...options.chat?.presence } } };
  let running: RunningServer | null = await startServer({ ...options, dataDir, port: 0, host: '127.0.0.1', webRoot });
  const port = running.port;
  const url = running.url;
  const stop = async () => {
    await running?.close();
    running = null;
  };
  const start = async () => {
    running = await startServer({ ...options, dataDir, port, host: '127.0.0.1', webRoot });
  };
  return {
    url,
    port,
    dataDir,
    stop,
    start,
    async restart() {
      await stop();
      await start();
    },
    async dispose() {
      await running?.close();
      running = null;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
