import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from '../scenarios/results.js';
import { sweepP99LimitMs } from '../scenarios/specs.js';
import { targetLabels, targetNames, type TargetName } from '../servers/targets.js';
import { abuseSection } from './abuse-section.js';
import { int, ms, ratio, table } from './format.js';
import { lineChart } from './svg-chart.js';
import { bestStep } from './sweep-summary.js';
import { capacityTable, scenarioTable, sweepStepsTable } from './tables.js';
import { targetsSection } from './targets.js';

const colors: Record<TargetName, string> = { parley: '#1f6feb', socketio: '#d9480f', floor: '#2b8a3e' };

const method = `
- **Pinning.** Each server under test runs as its own process on core 0 (\`taskset -c 0\`); the harness and load generator run on core 1. One server runs at a time, on a fresh start per scenario.
- **Parley** runs as a user runs it: \`node packages/server/dist/main.js\` on a fresh data dir (SQLite, \`synchronous=FULL\`), with auth, validation, every message stored and acknowledged only once durable. Users, rooms, memberships and one session per user are written into the data dir through the storage API before the server starts (no sign-in rate limits, no argon2); each client authenticates with its token.
- **Socket.IO 4** (\`bench/servers/socketio-server.ts\`): rooms and \`socket.to(room).emit\`, WebSocket transport only. **No persistence and no auth**: it does less work per message than Parley. Its ping interval is raised to 10 minutes because the byte-counting clients do not answer Engine.IO pings.
- **ws floor** (\`bench/servers/ws-floor.ts\`): forwards each frame as is to the other members of the room with one \`ws.send\` per member. No auth, no storage, no validation.
- **Clients.** Most room members are *sinks*: raw TCP sockets that do the WebSocket upgrade themselves, send one frame (Parley: \`auth\`; Socket.IO: the \`40\` connect) and then only count bytes. A few *timed clients* per room (also raw sockets, the same parser for all three servers) parse every frame and time every message. **Parley's senders use the SDK** (\`@parley/client\` over \`ws\`): \`send()\` resolves on the durable ack, which gives messages stored/s and ack latency. The peers' senders write pre-built frames from raw sockets, so Parley's generator side does more work per message (see generator CPU). Sender connections are room members (they receive too) and send at most 80 messages/s each (Parley's limit is 100 frames/s per connection).
- **Open loop.** Message *i* is due at start + *i*/rate; its text carries that intended time. Latency = arrival − intended time, in an HDR histogram, so a lagging generator counts as latency (no coordinated omission).
- **Deliveries/s** = (sink bytes ÷ average push size measured by the timed clients) + timed clients' and senders' message counts, over the send window. **Lost** = messages sent to a timed client's room that it did not receive after the drain, plus gaps in Parley's room seqs / in each sender's running count. **Server CPU** from \`/proc/<pid>/stat\` (utime + stime) over the window, in cores; **RSS** from \`/proc/<pid>/status\` at the end of the window. **Other jobs' CPU**: busy time of each core from \`/proc/stat\` minus the server's (core 0) or the generator's (core 1); above ~10% the step was disturbed by other work on the machine.
`;

/** Writes benchmarks.md and its SVG charts under `outDir` (docs/ for full runs); returns the files. */
export function writeReport(results: BenchResults, outDir: string): string[] {
  const chartDir = join(outDir, 'benchmarks');
  mkdirSync(chartDir, { recursive: true });
  const files: string[] = [];
  const present = (runs: { target: TargetName }[]) => targetNames.filter((t) => runs.some((r) => r.target === t));

  const sweepSvg = lineChart({
    title: 'Big room: latency against delivery rate',
    xLabel: 'deliveries per second (sustained in the step)',
    yLabel: 'latency (ms, log scale)',
    yLog: true,
    yRule: { y: sweepP99LimitMs, label: `${sweepP99LimitMs} ms` },
    formatX: (x) => (x >= 1e6 ? `${x / 1e6}M` : `${x / 1e3}k`),
    series: present(results.sweep.runs).flatMap((t) => {
      const steps = results.sweep.runs.find((r) => r.target === t)!.steps;
      return [
        { name: `${targetLabels[t]} p99`, color: colors[t], points: steps.map((s) => ({ x: s.deliveredPerSec, y: s.latency.p99 })) },
        { name: `${targetLabels[t]} p50`, color: colors[t], dashed: true, points: steps.map((s) => ({ x: s.deliveredPerSec, y: s.latency.p50 })) },
      ];
    }),
  });
  const capacitySvg = lineChart({
    title: 'Idle connections: server RSS',
    xLabel: 'open connections',
    yLabel: 'server RSS (MB)',
    formatX: (x) => `${x / 1000}k`,
    series: present(results.capacity.runs).map((t) => ({
      name: targetLabels[t],
      color: colors[t],
      points: results.capacity.runs.find((r) => r.target === t)!.samples.map((s) => ({ x: s.connections, y: s.rssMb })),
    })),
  });
  writeFileSync(join(chartDir, 'sweep-latency.svg'), sweepSvg);
  writeFileSync(join(chartDir, 'capacity-memory.svg'), capacitySvg);
  files.push(join(chartDir, 'sweep-latency.svg'), join(chartDir, 'capacity-memory.svg'));

  const m = results.machine;
  const out: string[] = [];
  out.push('# Benchmarks', '');
  out.push(`Generated by \`${results.command}\` (${results.startedAt} → ${results.finishedAt})${results.quick ? ', a **quick** smoke run: short windows, figures are indicative only' : ''}. Regenerate rather than edit. The harness is in \`bench/\` (\`bench/main.ts\`).`, '');
  out.push('## Machine', '');
  out.push(`${m.nproc} cores (${m.cpu}), ${m.memoryGb} GiB RAM, Node ${m.node}, Linux ${m.kernel}, file descriptors ${m.fdLimit}.`, '');
  out.push('## Method', method);
  out.push('## Targets', '', 'The targets of issue 6 for Parley on this machine, against this run\'s figures.', '', targetsSection(results), '');
  for (const [id, scenario] of Object.entries(results.scenarios)) {
    out.push(`## ${scenario.title} (\`${id}\`)`, '', scenario.description, '', scenarioTable(scenario.runs), '');
    const parley = scenario.runs.find((r) => r.target === 'parley');
    if (parley?.storedAfterRun !== null && parley?.storedAfterRun !== undefined) {
      out.push(`Parley's rooms held ${int(parley.storedAfterRun)} messages after the run (sum of the rooms' last seq; every attempt of the step, retries included); the kept attempt had ${int(parley.acksTotal)} acknowledged.`, '');
    }
  }
  if (results.sweep.runs.length) {
    out.push('## Rate sweep (big room)', '', results.sweep.description, '');
    const best = (t: TargetName, p99: number) => bestStep(results.sweep.runs.find((r) => r.target === t), p99);
    const rows = (['parley', 'socketio', 'floor'] as TargetName[]).map((t) => {
      const b50 = best(t, sweepP99LimitMs);
      const b20 = best(t, 20);
      return [targetLabels[t], b50 ? int(b50.deliveredPerSec) : 'none', b50 ? ms(b50.latency.p99) : '–', b50 ? b50.serverCpu.toFixed(2) : '–', b20 ? int(b20.deliveredPerSec) : 'none'];
    });
    const d = (t: TargetName) => best(t, sweepP99LimitMs)?.deliveredPerSec ?? null;
    rows.push(['Parley / Socket.IO', ratio(d('parley'), d('socketio')), '', '', ratio(best('parley', 20)?.deliveredPerSec, best('socketio', 20)?.deliveredPerSec)]);
    rows.push(['Parley / floor', ratio(d('parley'), d('floor')), '', '', ratio(best('parley', 20)?.deliveredPerSec, best('floor', 20)?.deliveredPerSec)]);
    out.push(table(['Server', `Highest sustained deliveries/s, p99 < ${sweepP99LimitMs} ms`, 'p99 there (ms)', 'Server CPU there', 'Highest with p99 < 20 ms'], rows), '');
    out.push('![Latency against delivery rate](benchmarks/sweep-latency.svg)', '');
    for (const run of results.sweep.runs) out.push(`### ${targetLabels[run.target]}`, '', sweepStepsTable(run), '');
  }
  if (results.capacity.runs.length) {
    out.push('## Connection capacity', '', results.capacity.description, '', capacityTable(results.capacity.runs), '');
    out.push('![Server RSS against connections](benchmarks/capacity-memory.svg)', '');
    for (const run of results.capacity.runs) if (run.firstError) out.push(`- ${targetLabels[run.target]}: first failure: \`${run.firstError}\``);
    out.push('');
  }
  if (results.store) out.push('## Store throughput (`bench/store-throughput.ts`, pinned to core 0)', '', '```', results.store, '```', '');
  if (results.presence) {
    out.push(
      '## Presence and typing in one big room (`bench/presence-typing.ts`, server pinned to core 0)',
      '',
      '2,000 members; 200 watch while 500 more connect within 5 s and 100 of them type (a refresh every 3 s). Goals: the server under 10% of one core for presence and typing, and no member more than 2 presence frames a second. `serverCpuPercentOfOneCore` covers the whole process over the window, sign-ins included; `presenceAndTypingCpuPercent` is the part of the main thread spent in the presence and typing code and what it calls, from a CPU profile of the same run (`profiledMainThreadCpuPercent` is the whole main thread in that profile).',
      '',
      '```',
      results.presence,
      '```',
      '',
    );
  }
  const abuse = abuseSection(results);
  if (abuse) out.push(abuse);
  const disturbed = [
    ...Object.entries(results.scenarios).flatMap(([id, s]) => s.runs.flatMap((r) => r.steps.map((st) => ({ where: `${id} ${targetLabels[r.target]}`, st })))),
    ...results.sweep.runs.flatMap((r) => r.steps.map((st) => ({ where: `sweep ${targetLabels[r.target]} ${int(st.offeredDeliveries)}/s`, st }))),
  ].filter((x) => x.st.foreignCpu[0] > 0.1 || x.st.foreignCpu[1] > 0.1);
  out.push('## Disturbance', '');
  out.push(disturbed.length ? `Steps where other jobs used over 10% of a core (core 0 / core 1): ${disturbed.map((x) => `${x.where} (${Math.round(x.st.foreignCpu[0] * 100)}% / ${Math.round(x.st.foreignCpu[1] * 100)}%)`).join('; ')}.` : 'No step saw other jobs use over 10% of either core.', '');
  for (const note of results.notes) out.push(`- ${note}`);
  const md = join(outDir, 'benchmarks.md');
  writeFileSync(md, `${out.join('\n').trim()}\n`);
  files.push(md);
  return files;
}
