const started = performance.now();

/** One progress line per event, with the time since the run began. */
export function progress(line: string): void {
  const s = Math.round((performance.now() - started) / 1000);
  process.stdout.write(`[${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}] ${line}\n`);
}
