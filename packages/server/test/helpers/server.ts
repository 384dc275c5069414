import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startServer, type ServerOptions } from '../../src/app.js';
import { unlimitedBudgets } from './builders.js';
import { beginClientScope, closeAllClients, endClientScope } from './sdk.js';
import { beginTestScope, closeAllSockets, endTestScope } from './socket.js';

/** Any server option but where it lives and listens. */
export type TestServerOptions = Omit<ServerOptions, 'dataDir' | 'port'>;

/** A real Parley server on port 0 with its own temporary data dir, for one test file. */
export interface TestServer {
  readonly url: string;
  readonly wsUrl: string;
  readonly dataDir: string;
  /** The port of the separate metrics listener (options.metrics.port), if asked for. */
  readonly metricsPort: number | undefined;
  /**
   * Closes the server and starts a new one on the same data dir (a new port). Sockets the helpers
   * opened are closed first unless `keepSockets`, in which case the server closes them itself.
   */
  restart(options?: { keepSockets?: boolean }): Promise<void>;
}

type Running = Awaited<ReturnType<typeof startServer>>;

/**
 * Registers beforeAll/afterAll hooks that start a server for the enclosing file (or describe)
 * and stop it afterwards, removing its data dir. Read the fields inside tests and hooks only.
 */
export function useServer(options: TestServerOptions = {}): TestServer {
  let running: Running | undefined;
  let dataDir: string | undefined;

  // Functional tests do hundreds of operations as one user within seconds, and make many rooms
  // with few users: the per-user budgets and the room quotas apply where a test names them
  // (user-rate-limits.test.ts, quotas.test.ts); the browser and multi-node tests run with the defaults.
  const limits = { ...options.limits, userBudgets: { ...unlimitedBudgets, ...options.limits?.userBudgets } };
  // Offline is announced after a grace period: tests wait a tenth of a second for it, not 30 s.
  const chat = { roomsCreatedPerDay: 1_000_000, roomsPerUser: 1_000_000, ...options.chat, presence: { graceMs: 100, ...options.chat?.presence } };
  const start = async (dir: string) => startServer({ webRoot: null, ...options, limits, chat, dataDir: dir, port: 0 });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-test-'));
    running = await start(dataDir);
  });

  // Each test's connections close when it ends, so that one test's sessions (presence, the
  // per-user connection limit) do not leak into the next; connections made in hooks stay.
  beforeEach(() => {
    beginTestScope();
    beginClientScope();
  });

  afterEach(async () => {
    endClientScope();
    await endTestScope();
  });

  afterAll(async () => {
    closeAllClients();
    closeAllSockets();
    await running?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The test server has no ${what} yet: use it inside a test or hook.`);
    return value;
  };

  return {
    get url() {
      return required(running, 'url').url.replace(/\/+$/, '');
    },
    get wsUrl() {
      return `${this.url.replace(/^http/, 'ws')}/ws`;
    },
    get dataDir() {
      return required(dataDir, 'data dir');
    },
    get metricsPort() {
      return required(running, 'metrics port').metricsPort;
    },
    async restart(restartOptions = {}) {
      if (!restartOptions.keepSockets) {
        closeAllClients();
        closeAllSockets();
      }
      await required(running, 'process').close();
      running = await start(required(dataDir, 'data dir'));
    },
  };
}
