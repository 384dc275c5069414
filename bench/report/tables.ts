import type { CapacityRun, ScenarioRun, StepResult } from '../scenarios/results.js';
import { targetLabels, type TargetName } from '../servers/targets.js';
import { int, kb, ms, pct, ratio, table } from './format.js';

type Metric = { label: string; value: (s: StepResult, run: ScenarioRun) => number | null; show: (n: number | null) => string };

const metrics: Metric[] = [
  { label: 'Deliveries/s (sustained in the window)', value: (s) => s.deliveredPerSec, show: int },
  { label: 'Latency p50 (ms)', value: (s) => s.latency.p50, show: ms },
  { label: 'Latency p99 (ms)', value: (s) => s.latency.p99, show: ms },
  { label: 'Latency p99.9 (ms)', value: (s) => s.latency.p999, show: ms },
  { label: 'Latency max (ms)', value: (s) => s.latency.max, show: ms },
  { label: 'Messages lost', value: (s) => s.lost, show: int },
  { label: 'Server CPU (cores)', value: (s) => s.serverCpu, show: (n) => (n === null ? '–' : n.toFixed(2)) },
  { label: 'Deliveries per server CPU-second', value: (s) => (s.serverCpu > 0 ? s.deliveredPerSec / s.serverCpu : null), show: int },
  { label: 'Server RSS (MB)', value: (s) => s.serverRssMb, show: (n) => (n === null ? '–' : n.toFixed(0)) },
  { label: 'Messages stored/s (durable acks)', value: (s) => s.storedPerSec, show: int },
  { label: 'Ack latency p99 (ms)', value: (s) => s.ackLatency?.p99 ?? null, show: ms },
  { label: 'Generator CPU (cores) / send lag p99 (ms)', value: (s) => s.generatorCpu, show: (n) => (n === null ? '–' : n.toFixed(2)) },
];

function byTarget<T extends { target: TargetName }>(runs: T[]): Partial<Record<TargetName, T>> {
  return Object.fromEntries(runs.map((r) => [r.target, r]));
}

/** One fixed-rate scenario: a metric per row, a server per column, then the two ratios. */
export function scenarioTable(runs: ScenarioRun[]): string {
  const t = byTarget(runs);
  const step = (name: TargetName) => t[name]?.steps[0];
  const rows = metrics.map((m) => {
    const v = (name: TargetName) => {
      const s = step(name);
      return s ? m.value(s, t[name]!) : null;
    };
    const cell = (name: TargetName) => {
      const s = step(name);
      if (!s) return '–';
      if (m.label.startsWith('Generator')) return `${s.generatorCpu.toFixed(2)} / ${ms(s.sendLagP99)}`;
      return m.show(v(name));
    };
    return [m.label, cell('parley'), cell('socketio'), cell('floor'), ratio(v('parley'), v('socketio')), ratio(v('parley'), v('floor'))];
  });
  const connected = (name: TargetName) => (t[name] ? `${int(t[name].connected)}${t[name].failed ? ` (${t[name].failed} failed)` : ''}` : '–');
  rows.unshift(['Clients connected', connected('parley'), connected('socketio'), connected('floor'), '', '']);
  const other = (name: TargetName) => {
    const s = step(name);
    return s ? `${pct(s.foreignCpu[0])} / ${pct(s.foreignCpu[1])}` : '–';
  };
  rows.push(['Other jobs\' CPU on core 0 / core 1', other('parley'), other('socketio'), other('floor'), '', '']);
  return table(['', 'Parley', 'Socket.IO', 'ws floor', 'Parley / Socket.IO', 'Parley / floor'], rows);
}

/** Every step of one server's sweep. */
export function sweepStepsTable(run: ScenarioRun): string {
  return table(
    ['Offered/s', 'Delivered/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'Lost', 'Server CPU', 'Generator CPU', 'Other CPU core 0/1', ...(run.target === 'parley' ? ['Stored/s', 'Ack p99 ms'] : [])],
    run.steps.map((s) => [
      int(s.offeredDeliveries),
      int(s.deliveredPerSec),
      ms(s.latency.p50),
      ms(s.latency.p99),
      ms(s.latency.p999),
      ms(s.latency.max),
      int(s.lost),
      s.serverCpu.toFixed(2),
      s.generatorCpu.toFixed(2),
      `${pct(s.foreignCpu[0])} / ${pct(s.foreignCpu[1])}`,
      ...(run.target === 'parley' ? [int(s.storedPerSec), ms(s.ackLatency?.p99)] : []),
    ]),
  );
}

export function capacityTable(runs: CapacityRun[]): string {
  const t = byTarget(runs);
  const row = (label: string, f: (r: CapacityRun) => number, show: (n: number) => string, withRatio = true): string[] => {
    const v = (name: TargetName) => (t[name] ? f(t[name]) : null);
    const cell = (name: TargetName) => {
      const x = v(name);
      return x === null ? '–' : show(x);
    };
    return [label, cell('parley'), cell('socketio'), cell('floor'), withRatio ? ratio(v('parley'), v('socketio')) : '', withRatio ? ratio(v('parley'), v('floor')) : ''];
  };
  return table(
    ['', targetLabels.parley, targetLabels.socketio, targetLabels.floor, 'Parley / Socket.IO', 'Parley / floor'],
    [
      row('Connections attempted', (r) => r.attempted, int, false),
      row('Connected (session up)', (r) => r.connected, int),
      row('Still open at the end', (r) => r.stillOpen, int),
      row('Server RSS before (MB)', (r) => r.baseRssMb, (n) => n.toFixed(0)),
      row('Server RSS after (MB)', (r) => r.finalRssMb, (n) => n.toFixed(0)),
      row('RSS per connection (KB)', (r) => r.bytesPerConnection, kb),
      row('Time to connect all (s)', (r) => r.seconds, (n) => n.toFixed(1)),
    ],
  );
}
