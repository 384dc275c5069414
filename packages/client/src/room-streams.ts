import type { HistoryEntry } from '@parley/protocol';

interface RoomStream {
  lastSeq: number;
  syncing: boolean;
  /** Live entries that arrived during a catch-up, or after a gap, waiting their turn. */
  buffer: HistoryEntry[];
}

/** Fetches the entries of `room` after `after`, oldest first, at most `limit`. */
export type FetchAfter = (room: string, after: number, limit: number) => Promise<HistoryEntry[]>;

const pageSize = 200;

/**
 * Turns what the server pushes, what it acknowledges and what it returns on catch-up into one
 * ordered stream per room: each seq is delivered once, in order, with no gap. A gap (a seq
 * beyond the next one) or a reconnect triggers a catch-up from history by seq.
 */
export class RoomStreams {
  private readonly rooms = new Map<string, RoomStream>();

  constructor(
    private readonly fetchAfter: FetchAfter,
    private readonly deliver: (entry: HistoryEntry) => void,
    /** Called when a catch-up fails for good (the room was deleted or the user is no longer a member). */
    private readonly onLost: (room: string, error: unknown) => void,
  ) {}

  /**
   * Starts following a room from `lastSeq`. A room already followed keeps its place: a newer
   * snapshot (say, a room list fetched just now) does not mean its entries were delivered, and
   * skipping ahead would drop them.
   */
  track(room: string, lastSeq: number): void {
    if (!this.rooms.has(room)) this.rooms.set(room, { lastSeq, syncing: false, buffer: [] });
  }

  forget(room: string): void {
    this.rooms.delete(room);
  }

  lastSeq(room: string): number | undefined {
    return this.rooms.get(room)?.lastSeq;
  }

  tracked(): string[] {
    return [...this.rooms.keys()];
  }

  /** Accepts one entry from any source; delivers it when it is the next in its room. */
  accept(entry: HistoryEntry): void {
    const stream = this.rooms.get(entry.room);
    if (!stream) {
      // First sight of this room: there is no earlier point to catch up from.
      this.rooms.set(entry.room, { lastSeq: entry.seq, syncing: false, buffer: [] });
      this.deliver(entry);
      return;
    }
    if (entry.seq <= stream.lastSeq) return;
    if (stream.syncing || entry.seq !== stream.lastSeq + 1) {
      stream.buffer.push(entry);
      if (!stream.syncing) void this.catchUp(entry.room);
      return;
    }
    stream.lastSeq = entry.seq;
    this.deliver(entry);
  }

  /** Fetches and delivers everything after the last seen seq, then what was buffered meanwhile. */
  async catchUp(room: string): Promise<void> {
    const stream = this.rooms.get(room);
    if (!stream || stream.syncing) return;
    stream.syncing = true;
    try {
      for (;;) {
        const page = await this.fetchAfter(room, stream.lastSeq, pageSize);
        if (this.rooms.get(room) !== stream) return;
        for (const entry of page) {
          if (entry.seq > stream.lastSeq) {
            stream.lastSeq = entry.seq;
            this.deliver(entry);
          }
        }
        if (page.length < pageSize) break;
      }
      stream.syncing = false;
      const buffered = stream.buffer.sort((a, b) => a.seq - b.seq);
      stream.buffer = [];
      for (const entry of buffered) this.accept(entry);
    } catch (error) {
      stream.syncing = false;
      this.onLost(room, error);
    }
  }
}
