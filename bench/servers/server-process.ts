import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Every server process started by the harness, so that any exit path can stop them. */
const running = new Set<ChildProcess>();

export function stopAllServers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export interface ServerProcess {
  pid: number;
  /** utime + stime in seconds. */
  cpuSeconds(): number;
  /** VmRSS in bytes. */
  rssBytes(): number;
  stop(): Promise<void>;
}

/** Starts `command` pinned to core 0 and resolves once a stdout line matches `readyLine`. */
export async function startPinned(command: string[], readyLine: RegExp, timeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn('taskset', ['-c', '0', ...command], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command.join(' ')}: not ready after ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (readyLine.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command.join(' ')} exited with ${code}\n${stderr}`));
    });
  });
  child.stdout!.resume();
  const pid = child.pid!;
  const ticks = 100; // USER_HZ on Linux
  return {
    pid,
    cpuSeconds() {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / ticks;
    },
    rssBytes() {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return Number(match?.[1] ?? 0) * 1024;
    },
    async stop() {
      if (child.exitCode !== null) {
        running.delete(child);
        return;
      }
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      running.delete(child);
    },
  };
}
