import type { HistoryEntry } from '@parley/client';

/** Merges entries into a timeline kept in ascending seq order, each seq once. */
export function mergeEntries(current: readonly HistoryEntry[], arriving: readonly HistoryEntry[]): HistoryEntry[] {
  // Messages and membership lines are shown; changes to messages are folded in elsewhere.
  const incoming = arriving.filter((e) => e.type === 'message' || e.type === 'system');
  if (incoming.length === 0) return current as HistoryEntry[];
  const last = current[current.length - 1];
  // The common case, one live entry after the newest: no sort needed.
  if (incoming.length === 1 && incoming[0] && (!last || incoming[0].seq > last.seq)) return [...current, incoming[0]];
  const bySeq = new Map<number, HistoryEntry>();
  for (const entry of current) bySeq.set(entry.seq, entry);
  for (const entry of incoming) bySeq.set(entry.seq, entry);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
