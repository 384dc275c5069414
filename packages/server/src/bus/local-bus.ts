import type { BusMetrics } from '../metrics/metrics.js';
import type { Bus, BusEvent } from './bus.js';

/** The single-node bus: delivers each event to the subscribers at once, in order. */
export function createLocalBus(metrics?: BusMetrics): Bus {
  const handlers = new Set<(event: BusEvent) => void>();
  return {
    publish(event) {
      metrics?.busPublished.inc({ type: event.type });
      for (const handler of handlers) handler(event);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    // In one process nothing is ever missed.
    onResync() {
      return () => {};
    },
    async close() {
      handlers.clear();
    },
  };
}
