/**
 * Top functions by self time in a V8 .cpuprofile (from `node --cpu-prof`).
 * Run: `npx tsx bench/report/cpu-profile.ts <file.cpuprofile> [top]`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  /** µs of the monotonic clock, the one `process.hrtime` reads in every process of the machine. */
  startTime: number;
}

/**
 * CPU time of the sampled thread between two instants (µs of the monotonic clock), and the part
 * of it spent with a function from a file matching `files` anywhere on the stack: what that code
 * costs, including what it calls.
 */
export function busyWithin(profile: Profile, fromUs: number, toUs: number, files: RegExp): { busyMs: number; matchedMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const matches = new Map<number, boolean>();
  const matched = (id: number): boolean => {
    let hit = matches.get(id);
    if (hit === undefined) {
      const up = parent.get(id);
      hit = files.test(byId.get(id)?.callFrame.url ?? '') || (up !== undefined && matched(up));
      matches.set(id, hit);
    }
    return hit;
  };
  let at = profile.startTime;
  let busy = 0;
  let inFiles = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (at < fromUs || at >= toUs || byId.get(id)?.callFrame.functionName === '(idle)') return;
    busy += dt;
    if (matched(id)) inFiles += dt;
  });
  return { busyMs: busy / 1000, matchedMs: inFiles / 1000 };
}

export function topSelfTime(profile: Profile, top: number): { name: string; ms: number; share: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    const f = node.callFrame;
    const where = f.url ? `${f.url.replace(/^.*\/(node_modules|packages)\//, '$1/')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, ms: us / 1000, share: total > 0 ? us / total : 0 }));
}

if (process.argv[1]?.endsWith('cpu-profile.ts')) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [top]');
  const rows = topSelfTime(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(process.argv[3] ?? 30));
  for (const row of rows) process.stdout.write(`${(row.share * 100).toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}\n`);
}
