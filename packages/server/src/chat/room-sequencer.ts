/**
 * Puts one room's entries back in seq order for this node. Nodes publish independently, so an
 * entry from another node can arrive after a later one from here, or (while the bus is away)
 * not at all. Entries are released strictly in seq order, each once; one that arrives after a
 * gap waits, and a gap still open after `gapWaitMs` is filled from the database.
 */
export class RoomSequencer<T> {
  private readonly waiting = new Map<number, T>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private filling = false;

  constructor(
    /** Every entry up to this seq has been released (or predates the sessions here). */
    private released: number,
    private readonly release: (item: T) => void,
    /** The stored entries after `after`, oldest first, a page at a time (`pageSize` at most). */
    private readonly fill: (after: number) => Promise<{ seq: number; item: T }[]>,
    private readonly pageSize: number,
    private readonly gapWaitMs: number,
    private readonly onFillError: (error: unknown) => void,
  ) {}

  get releasedSeq(): number {
    return this.released;
  }

  /** Offers an entry; releases it and whatever it unblocks, or keeps it until the gap closes. */
  offer(seq: number, item: T): void {
    if (seq <= this.released || this.waiting.has(seq)) return;
    if (seq !== this.released + 1) {
      this.waiting.set(seq, item);
      this.timer ??= setTimeout(() => void this.fillGap(), this.gapWaitMs);
      return;
    }
    this.released = seq;
    this.release(item);
    this.drain();
  }

  /** Fetches and releases everything after the released seq now (after the bus came back). */
  async catchUp(): Promise<void> {
    await this.fillGap();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting.clear();
  }

  private drain(): void {
    for (let next = this.waiting.get(this.released + 1); next !== undefined; next = this.waiting.get(this.released + 1)) {
      this.waiting.delete(this.released + 1);
      this.released++;
      this.release(next);
    }
    if (this.waiting.size === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private async fillGap(): Promise<void> {
    this.timer = undefined;
    if (this.filling) return;
    this.filling = true;
    try {
      for (;;) {
        const entries = await this.fill(this.released);
        for (const entry of entries) {
          if (entry.seq !== this.released + 1) break;
          this.waiting.delete(entry.seq);
          this.released = entry.seq;
          this.release(entry.item);
        }
        this.drain();
        // A full page may have more behind it; a short one is the end of the room.
        if (entries.length === 0 || (entries.length < this.pageSize && this.waiting.size === 0)) break;
      }
    } catch (error) {
      this.onFillError(error);
    } finally {
      this.filling = false;
      if (this.waiting.size > 0) this.timer ??= setTimeout(() => void this.fillGap(), this.gapWaitMs);
    }
  }
}
