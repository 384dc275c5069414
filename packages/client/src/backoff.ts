/**
 * Reconnect delays: exponential with full jitter, so that a server restart is not met by every
 * client at the same instant.
 */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 16));
  return Math.round(minMs / 2 + random() * (ceiling - minMs / 2));
}
