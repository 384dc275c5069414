import { progress } from '../load/progress.js';
import { startTarget, type TargetName } from '../servers/targets.js';
import type { ScenarioRun, StepResult } from './results.js';
import { layoutPopulation, RoomLoad, type RoomLayout } from './room-load.js';

export interface RunOptions {
  durationMs: number;
  drainMs: number;
  /** Re-runs of a step disturbed by other jobs (default 2; quick runs pass 0). */
  retries?: number;
  parleyNodeArgs?: string[];
}

const maxRetries = 2;
/** Retries over the whole run, so that a machine busy throughout cannot stretch it unboundedly. */
let retryBudget = 16;
const disturbedAbove = 0.15;
const disturbance = (step: StepResult) => Math.max(...step.foreignCpu);

export function describeStep(step: StepResult): string {
  const k = (n: number) => (n < 10_000 ? `${(n / 1000).toFixed(1)}k` : `${Math.round(n / 1000)}k`);
  return (
    `offered ${k(step.offeredDeliveries)}/s delivered ${k(step.deliveredPerSec)}/s p50 ${step.latency.p50.toFixed(2)} p99 ${step.latency.p99.toFixed(2)} max ${step.latency.max.toFixed(1)} ms` +
    ` lost ${step.lost} cpu ${(step.serverCpu * 100).toFixed(0)}% gen ${(step.generatorCpu * 100).toFixed(0)}% other ${(step.foreignCpu[0] * 100).toFixed(0)}/${(step.foreignCpu[1] * 100).toFixed(0)}%` +
    (step.storedPerSec !== null ? ` stored ${k(step.storedPerSec)}/s` : '')
  );
}

/**
 * Starts one server with the layout's population, connects every client, runs `rates` in order
 * (stopping early when `keepGoing` says so), stops the server. Always stops it.
 */
export async function runLayout(
  label: string,
  target: TargetName,
  layout: RoomLayout,
  rates: number[],
  options: RunOptions,
  keepGoing: (step: StepResult) => boolean = () => true,
): Promise<ScenarioRun> {
  const population = layoutPopulation(layout);
  const server = await startTarget(target, population, options.parleyNodeArgs ? { parleyNodeArgs: options.parleyNodeArgs } : {});
  const load = new RoomLoad(server, layout, population);
  const steps: StepResult[] = [];
  let stored: number | null = null;
  try {
    await load.open((line) => progress(`${label} ${target}: ${line}`));
    progress(`${label} ${target}: ${load.connected} connected, ${load.failed} failed${load.firstError ? ` (${load.firstError})` : ''}`);
    for (const rate of rates) {
      // A step during which other jobs took a core is run again (twice at most); the least
      // disturbed attempt is kept, and the report lists what disturbance remained.
      let step = await load.step(rate, options.durationMs, options.drainMs);
      progress(`${label} ${target}: ${describeStep(step)}`);
      for (let retry = 0; retry < (options.retries ?? maxRetries) && retryBudget > 0 && disturbance(step) > disturbedAbove; retry++) {
        retryBudget--;
        progress(`${label} ${target}: other jobs took ${Math.round(disturbance(step) * 100)}% of a core; running the step again`);
        const again = await load.step(rate, options.durationMs, options.drainMs);
        progress(`${label} ${target}: ${describeStep(again)}`);
        if (disturbance(again) < disturbance(step)) step = again;
      }
      steps.push(step);
      if (!keepGoing(step)) break;
    }
  } finally {
    load.close();
    stored = await server.stop();
  }
  const acks = steps.reduce((sum, s) => sum + (s.storedPerSec ?? 0) * (options.durationMs / 1000), 0);
  return {
    target,
    connected: load.connected,
    failed: load.failed,
    steps,
    storedAfterRun: stored,
    acksTotal: target === 'parley' ? Math.round(acks) : null,
    ...(load.firstError ? { note: load.firstError } : {}),
  };
}
