import type { ScenarioRun, StepResult } from '../scenarios/results.js';
import { sweepKeepUp } from '../scenarios/specs.js';

/** The step with the highest delivered rate among those that kept up with p99 under the limit. */
export function bestStep(run: ScenarioRun | undefined, p99LimitMs: number): StepResult | null {
  let best: StepResult | null = null;
  for (const step of run?.steps ?? []) {
    const passes = step.latency.p99 <= p99LimitMs && step.deliveredPerSec >= sweepKeepUp * step.offeredDeliveries && step.lost === 0;
    if (passes && (!best || step.deliveredPerSec > best.deliveredPerSec)) best = step;
  }
  return best;
}

/** The best durable figure in bench/store-throughput.ts output for SQLite synchronous=FULL. */
export function bestStoreRate(output: string | null): { perTurn: number; perSecond: number } | null {
  let best: { perTurn: number; perSecond: number } | null = null;
  for (const line of (output ?? '').split('\n')) {
    const match = /synchronous=FULL\s+(\d+) per turn\s+(\d+) durable/.exec(line);
    if (match && (!best || Number(match[2]) > best.perSecond)) best = { perTurn: Number(match[1]), perSecond: Number(match[2]) };
  }
  return best;
}
