import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedAbuse } from '../abuse/abuse-seed.js';
import type { Attack } from '../abuse/attacks.js';
import { startBystander } from '../abuse/bystander.js';
import { coreBusySeconds } from '../load/core-usage.js';
import { progress } from '../load/progress.js';
import { startParley } from '../servers/targets.js';
import type { AbuseRun } from './results.js';

/** The bystander's goal under every attack, from issue 17: ping and /api/health p99 below this. */
export const abuseGoalP99Ms = 50;
/** A ping and a health check every this many ms: 50 of each a second, half the frame limit. */
const bystanderIntervalMs = 20;
const port = 62_104;
const metricsPort = 62_105;

/**
 * The server's own event-loop delay since the last scrape (prom-client resets it on each), p99
 * and max in ms: how long the server kept its loop from turning, whatever the clients saw.
 */
async function eventLoopDelay(): Promise<{ p99: number; max: number }> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) * 1000;
  return { p99: read('nodejs_eventloop_lag_p99_seconds'), max: read('nodejs_eventloop_lag_max_seconds') };
}

/**
 * One attack against a fresh Parley (default limits, pinned to core 0) with its state seeded:
 * the bystander measures for `durationMs` while the attacker runs, both from this process
 * (core 1), the bystander on a thread of its own.
 */
export async function runAttack(attack: Attack, durationMs: number, nodeArgs: string[] = []): Promise<AbuseRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-abuse-'));
  try {
    const seedStart = performance.now();
    const accounts = await seedAbuse(dataDir, attack.seed);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const proc = await startParley(port, dataDir, nodeArgs, ['--metrics-port', String(metricsPort)]);
    try {
      const bystander = await startBystander({ port, token: accounts.bystander.token, localAddress: '127.0.0.2', intervalMs: bystanderIntervalMs });
      try {
        await bystander.measure(1000); // warm-up: first connections, JIT
        const attackUntil = await attack.prepare(port, accounts);
        const cpu0 = proc.cpuSeconds();
        const gen0 = process.cpuUsage();
        const cores0 = coreBusySeconds();
        await eventLoopDelay();
        const t0 = performance.now();
        const [report, attackers] = await Promise.all([bystander.measure(durationMs), attackUntil(t0 + durationMs)]);
        const seconds = (performance.now() - t0) / 1000;
        const loopDelay = await eventLoopDelay();
        const serverCpu = (proc.cpuSeconds() - cpu0) / seconds;
        const gen = process.cpuUsage(gen0);
        const generatorCpu = (gen.user + gen.system) / 1e6 / seconds;
        const cores = coreBusySeconds();
        const busy = (core: number) => ((cores[core] ?? 0) - (cores0[core] ?? 0)) / seconds;
        const foreignCpu: [number, number] = [Math.max(0, busy(0) - serverCpu), Math.max(0, busy(1) - generatorCpu)];
        const run: AbuseRun = {
          id: attack.id,
          title: attack.title,
          description: attack.description,
          seconds,
          seedSeconds,
          ping: report.ping,
          pingFromSend: report.pingFromSend,
          health: report.health,
          unanswered: report.unanswered,
          bystanderLagP99: report.sendLagP99,
          attackers,
          serverCpu,
          serverLoopDelay: loopDelay,
          serverRssMb: proc.rssBytes() / 2 ** 20,
          generatorCpu,
          foreignCpu,
        };
        progress(`abuse ${attack.id}: ping p99 ${report.ping.p99.toFixed(1)} ms, health p99 ${report.health.p99.toFixed(1)} ms; ${attackers.map((a) => `${a.what} ${a.sent} sent, ${a.ok} ok, ${a.rateLimited} rate_limited`).join('; ')}`);
        return run;
      } finally {
        await bystander.stop();
      }
    } finally {
      await proc.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
