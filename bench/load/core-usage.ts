import { readFileSync } from 'node:fs';

/** Busy seconds per core since boot, from /proc/stat (everything but idle and iowait). */
export function coreBusySeconds(): number[] {
  const busy: number[] = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+) (.*)$/.exec(line);
    if (!match) continue;
    const v = match[2]!.trim().split(/\s+/).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    busy[Number(match[1])] = (total - (v[3] ?? 0) - (v[4] ?? 0)) / 100;
  }
  return busy;
}
