import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { floorDialect, parleyDialect, socketIoDialect, type Dialect } from '../load/dialects.js';
import { seedParley, storedMessages } from './parley-seed.js';
import type { Population } from './population.js';
import { startPinned, type ServerProcess } from './server-process.js';

export type TargetName = 'parley' | 'socketio' | 'floor';
export const targetNames: TargetName[] = ['parley', 'socketio', 'floor'];
export const targetLabels: Record<TargetName, string> = { parley: 'Parley', socketio: 'Socket.IO', floor: 'ws floor' };

/** A server under test, started for one scenario with its population in place. */
export interface RunningTarget {
  name: TargetName;
  port: number;
  dialect: Dialect;
  proc: ServerProcess;
  /** Per user index; null for servers without auth. */
  tokens: string[] | null;
  /** Stops the server; for Parley, returns the messages stored (sum of room seqs). */
  stop(): Promise<number | null>;
}

export interface StartOptions {
  /** Extra node flags for the Parley process (e.g. --cpu-prof). */
  parleyNodeArgs?: string[];
}

const ports: Record<TargetName, number> = { parley: 62_101, socketio: 62_102, floor: 62_103 };

/** Parley as a user runs it, on `dataDir`, with its default limits, pinned to core 0. */
export function startParley(port: number, dataDir: string, nodeArgs: string[] = [], serverArgs: string[] = []): Promise<ServerProcess> {
  return startPinned(['node', ...nodeArgs, 'packages/server/dist/main.js', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir, '--log-level', 'warn', ...serverArgs], /Parley listening/);
}

export async function startTarget(name: TargetName, population: Population, options: StartOptions = {}): Promise<RunningTarget> {
  const port = ports[name];
  if (name === 'parley') {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
    const tokens = await seedParley(dataDir, population);
    const proc = await startParley(port, dataDir, options.parleyNodeArgs);
    return {
      name,
      port,
      dialect: parleyDialect,
      proc,
      tokens,
      async stop() {
        await proc.stop();
        const stored = await storedMessages(dataDir, population.rooms.map((r) => r.name));
        rmSync(dataDir, { recursive: true, force: true });
        return stored;
      },
    };
  }
  const script = name === 'socketio' ? 'bench/servers/socketio-server.ts' : 'bench/servers/ws-floor.ts';
  const proc = await startPinned(['node', '--import', 'tsx', script, String(port)], /ready/);
  return {
    name,
    port,
    dialect: name === 'socketio' ? socketIoDialect : floorDialect,
    proc,
    tokens: null,
    async stop() {
      await proc.stop();
      return null;
    },
  };
}
