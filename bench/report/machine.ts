import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import type { BenchResults } from '../scenarios/results.js';

export function describeMachine(): BenchResults['machine'] {
  let fdLimit = 'unknown';
  try {
    fdLimit = execFileSync('sh', ['-c', 'ulimit -n; ulimit -Hn'], { encoding: 'utf8' }).trim().split('\n').join(' soft / ') + ' hard';
  } catch {
    // Reported as unknown.
  }
  const model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return { nproc: cpus().length, cpu: model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, fdLimit, kernel: release() };
}
