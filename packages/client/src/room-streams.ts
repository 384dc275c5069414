import { SeqBuffer, type HistoryEntry } from '@parley/protocol';

/** Fetches the events of `room` after `after`, oldest first, at most `limit`. */
export type FetchAfter = (room: string, after: number, limit: number) => Promise<HistoryEntry[]>;

const pageSize = 200;

/**
 * Turns what the server pushes, what it acknowledges and what it returns on catch-up into one
 * ordered stream per room: each seq is delivered once, in order, with no gap. A gap (a seq beyond
 * the next one) or a reconnect fetches what is missing from history by seq. The ordering itself
 * is the protocol's SeqBuffer, the same one the server uses between nodes.
 */
export class RoomStreams {
  private readonly rooms = new Map<string, SeqBuffer<HistoryEntry>>();

  constructor(
    private readonly fetchAfter: FetchAfter,
    private readonly deliver: (entry: HistoryEntry) => void,
    /** Called when a catch-up fails (the room was deleted or the user is no longer a member, or the connection dropped). */
    private readonly onLost: (room: string, error: unknown) => void,
  ) {}

  private buffer(room: string, released: number): SeqBuffer<HistoryEntry> {
    const buffer = new SeqBuffer<HistoryEntry>({
      released,
      release: (entry) => this.deliver(entry),
      fill: async (after) => (await this.fetchAfter(room, after, pageSize)).map((entry) => ({ seq: entry.seq, item: entry })),
      pageSize,
      // Events from one server arrive in order: a gap is something missed, to fetch at once.
      gapWaitMs: 0,
      onFillError: (error) => this.onLost(room, error),
    });
    this.rooms.set(room, buffer);
    return buffer;
  }

  /**
   * Starts following a room from `lastSeq`. A room already followed keeps its place: a newer
   * snapshot (say, a room list fetched just now) does not mean its events were delivered, and
   * skipping ahead would drop them.
   */
  track(room: string, lastSeq: number): void {
    if (!this.rooms.has(room)) this.buffer(room, lastSeq);
  }

  forget(room: string): void {
    this.rooms.get(room)?.stop();
    this.rooms.delete(room);
  }

  lastSeq(room: string): number | undefined {
    return this.rooms.get(room)?.releasedSeq;
  }

  tracked(): string[] {
    return [...this.rooms.keys()];
  }

  /** Accepts one event from any source; delivers it when it is the next in its room. */
  accept(entry: HistoryEntry): void {
    // First sight of a room: there is no earlier point to catch up from.
    const buffer = this.rooms.get(entry.room) ?? this.buffer(entry.room, entry.seq - 1);
    buffer.offer(entry.seq, entry);
  }

  /** Fetches and delivers everything after the last delivered seq. */
  catchUp(room: string): Promise<void> {
    return this.rooms.get(room)?.catchUp() ?? Promise.resolve();
  }
}
