import { foldTimeline, type HistoryEntry, type TimelineItem } from '@parley/client';

function toItem(entry: HistoryEntry): TimelineItem | null {
  if (entry.type === 'message') return { kind: 'message', seq: entry.seq, message: { ...entry, stateSeq: entry.stateSeq ?? entry.seq, reactions: entry.reactions ?? [] } };
  if (entry.type === 'system') return { kind: 'system', seq: entry.seq, event: entry };
  return null;
}

/**
 * Merges entries into a timeline kept in ascending seq order, each seq once: messages and
 * membership lines are shown, and edits, deletes and reactions are folded into the message they
 * change by the SDK's foldTimeline (so a change already in a history page's `stateSeq` is not
 * applied twice). A change to a message outside the window is dropped: the page that loads the
 * message carries its current state. `viewerPhone` marks one's own reactions `me`.
 */
export function mergeEntries(current: readonly HistoryEntry[], arriving: readonly HistoryEntry[], viewerPhone: string | null): HistoryEntry[] {
  if (arriving.length === 0) return current as HistoryEntry[];
  const last = current[current.length - 1];
  const only = arriving.length === 1 ? arriving[0] : undefined;
  // The common case, one live message or member line after the newest: no fold needed.
  if (only && (only.type === 'message' || only.type === 'system') && (!last || only.seq > last.seq)) return [...current, only];
  // What each shown entry became as an item, to hand back the entry itself where nothing changed.
  const original = new Map<unknown, HistoryEntry>();
  const items: TimelineItem[] = [];
  for (const entry of current) {
    const item = toItem(entry);
    if (!item) continue;
    items.push(item);
    original.set(item.kind === 'message' ? item.message : item.event, entry);
  }
  const folded = foldTimeline({ items, orphans: [] }, arriving, viewerPhone);
  const entries = folded.items.map((item) => {
    const value = item.kind === 'message' ? item.message : item.event;
    return original.get(value) ?? value;
  });
  // Unchanged entries keep their identity, and an unchanged timeline its array, so rows do not re-render.
  return entries.length === current.length && entries.every((e, i) => e === current[i]) ? (current as HistoryEntry[]) : entries;
}
