import { ParleyError } from '@parley/protocol';
import type { Command, CommitResult } from '../chat/events/command.js';
import type { StoredEvent } from '../chat/events/commit-tx.js';
import type { StoreMetrics } from '../metrics/metrics.js';

/** How one command of a batch ended: applied, or refused or failed on its own. */
export type Outcome = { ok: true; result: CommitResult } | { ok: false; error: unknown };

/** Runs a batch of commands in one transaction; throws only when the transaction as a whole failed. */
export type RunBatch = (commands: Command[]) => Promise<Outcome[]>;

/** The kind an event is counted under: its type, or for a member event what happened (join, leave, invite, owner). */
function metricKind(event: StoredEvent): string {
  return event.type === 'member' && typeof event.body.op === 'string' ? event.body.op : event.type;
}

interface Pending {
  command: Command;
  resolve: (result: CommitResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: commands arriving in the same event-loop turn share one transaction, so that one
 * durable commit (one fsync) serves them all; batches run one after another, in call order.
 * If the transaction as a whole fails, each of its commands is tried again alone, so that one
 * bad command fails by itself and never takes its batch-mates with it.
 */
export function createGroupCommit(runBatch: RunBatch, metrics?: StoreMetrics): { commit(command: Command): Promise<CommitResult>; drain(): Promise<void> } {
  let queue: Pending[] = [];
  let flushing: Promise<void> | null = null;

  const settle = (batch: Pending[], outcomes: Outcome[]) =>
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });

  async function run(batch: Pending[]): Promise<void> {
    metrics?.storeCommitBatchSize.observe(batch.length);
    const endCommit = metrics?.storeCommitSeconds.startTimer();
    try {
      const outcomes = await runBatch(batch.map((p) => p.command));
      endCommit?.();
      if (metrics) for (const outcome of outcomes) if (outcome.ok) for (const event of outcome.result.events) metrics.entriesStored.inc({ kind: metricKind(event) });
      settle(batch, outcomes);
    } catch (error) {
      if (batch.length === 1 || error instanceof ParleyError) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      for (const pending of batch) await run([pending]);
    }
  }

  async function flushLoop(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      await run(batch);
    }
    flushing = null;
  }

  return {
    commit(command) {
      return new Promise<CommitResult>((resolve, reject) => {
        queue.push({ command, resolve, reject });
        // Wait one turn so that everything arriving together shares the transaction.
        flushing ??= new Promise<void>((done) => setImmediate(done)).then(flushLoop);
      });
    },
    async drain() {
      while (flushing) await flushing;
    },
  };
}
