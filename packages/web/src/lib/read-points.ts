import type { HistoryEntry, Receipt } from '@parley/client';

/** Where the readers of a room stand in the loaded window. */
export interface ReadPoints {
  /** In a private chat: the seq of one's newest message the other person has read. */
  seen: number | null;
  /** In a group or room: readers by the seq of the last message they have read (each reader once). */
  readers: Map<number, Receipt[]>;
}

/**
 * Places each receipt at the newest message it covers in `entries` (ascending, gap-free). A reader
 * whose marker lies before the window is not shown: their place is not loaded. Oneself is never a
 * reader.
 */
export function readPoints(entries: readonly HistoryEntry[], receipts: readonly Receipt[], myPhone: string | undefined, direct: boolean): ReadPoints {
  const messages = entries.filter((e) => e.type === 'message' && !e.deleted);
  const readers = new Map<number, Receipt[]>();
  let seen: number | null = null;
  for (const receipt of receipts) {
    if (receipt.phone === myPhone) continue;
    const covered = messages.filter((m) => m.seq <= receipt.seq);
    if (direct) {
      const mine = covered.filter((m) => m.type === 'message' && m.from.phone === myPhone).at(-1);
      if (mine && (seen === null || mine.seq > seen)) seen = mine.seq;
      continue;
    }
    const last = covered.at(-1);
    if (!last) continue;
    readers.set(last.seq, [...(readers.get(last.seq) ?? []), receipt]);
  }
  return { seen, readers };
}

/** A receipt list with one reader's marker moved forward (never back); a new reader is added. */
export function withReceipt(receipts: readonly Receipt[], next: Receipt): Receipt[] {
  const current = receipts.find((r) => r.phone === next.phone);
  if (!current) return [...receipts, next];
  if (current.seq >= next.seq) return receipts as Receipt[];
  return receipts.map((r) => (r.phone === next.phone ? { ...r, seq: next.seq } : r));
}
