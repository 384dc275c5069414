import type { BenchResults } from '../scenarios/results.js';
import { int, ms, pct, table } from './format.js';

/** The heading the section goes under; splice-section.ts finds it by this. */
export const abuseHeading = '## Abuse: a bystander under attack (`abuse`)';

const triple = (l: { p50: number; p99: number; max: number }) => `${ms(l.p50)} / ${ms(l.p99)} / ${ms(l.max)}`;

/** The abuse scenario's section of benchmarks.md: the goal, the bystander's figures and the attackers' per attack. */
export function abuseSection(results: BenchResults): string {
  const abuse = results.abuse;
  if (!abuse || abuse.runs.length === 0) return '';
  const goal = abuse.goalP99Ms;
  const met = (r: (typeof abuse.runs)[number]) => r.ping.p99 < goal && r.health.p99 < goal && r.unanswered === 0;
  const m = results.machine;
  const out: string[] = [abuseHeading, ''];
  out.push(
    `Goal (issue 17): under each attack, at the server's default limits, a bystander's WebSocket ping and \`GET /api/health\` stay under ${goal} ms at p99. ` +
      `Measured by \`${results.command}\` (${results.startedAt} → ${results.finishedAt}) on ${m.nproc} cores (${m.cpu}), Node ${m.node}; the machine was shared with other work, whose CPU use is in the last column.`,
    '',
    abuse.description,
    '',
  );
  for (const run of abuse.runs) out.push(`- **${run.title}** (\`${run.id}\`): ${run.description}${run.seedSeconds >= 1 ? ` Seeding took ${run.seedSeconds.toFixed(0)} s (not measured).` : ''}`);
  out.push('');
  out.push(
    table(
      ['Attack', 'Ping p50 / p99 / max (ms)', 'Health p50 / p99 / max (ms)', 'Samples each', `Goal: p99 < ${goal} ms`, 'Server CPU (cores)', 'Server event-loop delay p99 / max (ms)', 'Server RSS (MB)', 'Bystander send lag p99 (ms) / ping p99 from actual send (ms)', 'Other jobs\' CPU core 0 / core 1'],
      abuse.runs.map((r) => [
        r.title,
        triple(r.ping),
        triple(r.health),
        `${int(r.ping.count)} / ${int(r.health.count)}${r.unanswered ? ` (${r.unanswered} unanswered)` : ''}`,
        r.id === 'none' ? (met(r) ? 'met' : 'not met') : met(r) ? '**met**' : '**not met**',
        r.serverCpu.toFixed(2),
        `${ms(r.serverLoopDelay.p99)} / ${ms(r.serverLoopDelay.max)}`,
        r.serverRssMb.toFixed(0),
        `${ms(r.bystanderLagP99)} / ${ms(r.pingFromSend.p99)}`,
        `${pct(r.foreignCpu[0])} / ${pct(r.foreignCpu[1])}`,
      ]),
    ),
    '',
  );
  out.push(
    'The verdict uses ping and health timed from when each was due, so a bystander that was itself late (core 1 busy with the attacker and other jobs) counts that as latency: ' +
      '*send lag* shows how late it was, and *ping p99 from actual send* what is left when that is taken out. *Server event-loop delay* is the server\'s own (`nodejs_eventloop_lag_*` from its metrics, sampled every 10 ms, so an idle server shows about 10 ms): how long its loop was kept from turning, whether by its own work or by other jobs on core 0.',
    '',
  );
  out.push('What the attacker achieved (requests answered, per second of the attack, and how many the per-user limits refused with `rate_limited`):', '');
  const rows = abuse.runs.flatMap((r) =>
    r.attackers.map((a) => {
      const other = Object.entries(a.other).filter(([, n]) => n > 0).map(([code, n]) => `${code} ${int(n)}`);
      if (a.closed) other.push(`connections closed by the server ${int(a.closed)}`);
      return [r.title, a.what, int(a.sent), int(a.sent / r.seconds), int(a.ok), int(a.ok / r.seconds), int(a.rateLimited), other.join(', ') || '–'];
    }),
  );
  out.push(table(['Attack', 'Requests', 'Sent', 'Sent/s', 'Answered ok', 'Ok/s', 'rate_limited', 'Other outcomes'], rows), '');
  for (const note of abuse.notes) out.push(`- ${note}`);
  return out.join('\n');
}
