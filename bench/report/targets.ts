import type { BenchResults } from '../scenarios/results.js';
import { int, kb, ms, table } from './format.js';
import { bestStep, bestStoreRate } from './sweep-summary.js';

const verdict = (met: boolean | null) => (met === null ? 'not measured' : met ? '**met**' : '**not met**');

/** The targets against what this run measured: met or not, with the figure. */
export function targetsSection(results: BenchResults): string {
  const sweep = (name: string) => results.sweep.runs.find((r) => r.target === name);
  const p20 = bestStep(sweep('parley'), 20);
  const parley50 = bestStep(sweep('parley'), 50);
  const socket50 = bestStep(sweep('socketio'), 50);
  const fanRatio = parley50 && socket50 ? parley50.deliveredPerSec / socket50.deliveredPerSec : null;
  const at100k = ['small-rooms', 'big-room']
    .map((id) => ({ id, step: results.scenarios[id]?.runs.find((r) => r.target === 'parley')?.steps[0] }))
    .filter((x) => x.step);
  const cap = results.capacity.runs.find((r) => r.target === 'parley');
  const store = bestStoreRate(results.store);
  const storedThroughServer = Math.max(0, ...Object.values(results.scenarios).flatMap((s) => s.runs.filter((r) => r.target === 'parley').flatMap((r) => r.steps.map((st) => st.storedPerSec ?? 0))), ...(sweep('parley')?.steps.map((s) => s.storedPerSec ?? 0) ?? []));
  const rows: string[][] = [
    [
      '≥ 1,000,000 deliveries/s sustained, every message persisted and acked, p99 < 20 ms',
      p20 ? `${int(p20.deliveredPerSec)}/s at p99 ${ms(p20.latency.p99)} ms (best sweep step with p99 < 20 ms)` : 'no sweep step passed',
      verdict(sweep('parley') ? (p20 ? p20.deliveredPerSec >= 1_000_000 : false) : null),
    ],
    [
      '≥ 4× Socket.IO (highest sustained rate with p99 < 50 ms, same run)',
      fanRatio !== null
        ? `${fanRatio.toFixed(2)}× (${int(parley50!.deliveredPerSec)} vs ${int(socket50!.deliveredPerSec)}/s)`
        : `no passing sweep step for ${[parley50 ? null : 'Parley', socket50 ? null : 'Socket.IO'].filter(Boolean).join(' and ')}`,
      verdict(fanRatio !== null ? fanRatio >= 4 : socket50 && !parley50 ? false : null),
    ],
    [
      'p99 < 5 ms at 100,000 deliveries/s',
      at100k.map((x) => `${x.id}: p99 ${ms(x.step!.latency.p99)} ms (${int(x.step!.deliveredPerSec)}/s delivered)`).join('; ') || 'not run',
      verdict(at100k.length ? at100k.every((x) => x.step!.latency.p99 < 5) : null),
    ],
    [
      '≤ 6 KB RSS per idle authenticated connection',
      cap ? `${kb(cap.bytesPerConnection)} KB (RSS ${cap.baseRssMb.toFixed(0)} → ${cap.finalRssMb.toFixed(0)} MB over ${int(cap.connected)} connections)` : 'not run',
      verdict(cap ? cap.bytesPerConnection <= 6 * 1024 : null),
    ],
    [
      '19,000 connections on one process',
      cap ? `${int(cap.connected)} of ${int(cap.attempted)} authenticated, ${int(cap.stillOpen)} still open at the end` : 'not run',
      verdict(cap ? cap.attempted >= 19_000 && cap.stillOpen >= 19_000 : null),
    ],
    [
      '≥ 100,000 messages/s stored in SQLite with durable acks (group commit)',
      (store ? `bench/store-throughput.ts: ${int(store.perSecond)}/s at ${store.perTurn} appends per turn (synchronous=FULL)` : 'store-throughput not run') +
        `; through the server in this run: at most ${int(storedThroughServer)} acked/s (the offered loads above ask for less)`,
      store ? `${verdict(store.perSecond >= 100_000)} by the storage layer alone; not shown through the server` : verdict(null),
    ],
  ];
  return table(['Target', 'Measured', 'Verdict'], rows, true);
}
