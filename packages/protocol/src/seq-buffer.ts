/**
 * Puts one room's events back in seq order. The server (per node, for the bus) and the SDK (per
 * client, for pushes and acks) both receive a room's events from several sources that can race or
 * drop; both need the same rule: release strictly in seq order, each seq once, and ask for what is
 * missing. What "ask" means differs (the server reads storage, the SDK asks the server), so the
 * caller passes the gap policy in.
 *
 * Pure apart from the timer: no I/O of its own.
 */
// This package is for browsers and Node alike and takes neither's type library: the two timers it uses.
declare function setTimeout(handler: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;

export interface SeqBufferOptions<T> {
  /** Every event up to this seq has been released (or predates whoever is listening). */
  released: number;
  /** Called for each event, in seq order, once. */
  release: (item: T, seq: number) => void;
  /**
   * Fetches the events after `after`, oldest first, at most `pageSize`. A page shorter than
   * `pageSize` means the end of the room for now.
   */
  fill: (after: number) => Promise<{ seq: number; item: T }[]>;
  pageSize: number;
  /**
   * How long an out-of-order event waits for the ones before it before the gap is filled
   * (0: fill at once — the SDK, whose events come from one server in order).
   */
  gapWaitMs: number;
  /** A fill failed; the buffer keeps what it holds and tries again on the next gap. */
  onFillError: (error: unknown) => void;
}

export class SeqBuffer<T> {
  private released: number;
  private readonly waiting = new Map<number, T>();
  private timer: unknown;
  private filling: Promise<void> | null = null;
  private refill = false;
  private stopped = false;

  constructor(private readonly options: SeqBufferOptions<T>) {
    this.released = options.released;
  }

  /** The highest seq released so far. */
  get releasedSeq(): number {
    return this.released;
  }

  /** True while events wait for a gap before them to close. */
  get hasGap(): boolean {
    return this.waiting.size > 0;
  }

  /** Offers an event; releases it and whatever it unblocks, or keeps it until the gap closes. */
  offer(seq: number, item: T): void {
    if (this.stopped || seq <= this.released || this.waiting.has(seq)) return;
    if (seq !== this.released + 1 || this.filling) {
      this.waiting.set(seq, item);
      if (!this.filling) this.scheduleFill();
      return;
    }
    this.released = seq;
    this.options.release(item, seq);
    this.drain();
  }

  /** Fetches and releases everything after the released seq now (after a reconnect). */
  catchUp(): Promise<void> {
    if (this.filling) {
      // A fill under way may have read its last page before the newest events: read again after it.
      this.refill = true;
      return this.filling;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.filling = this.fillLoop().finally(() => {
      this.filling = null;
      if (this.stopped) return;
      if (this.refill) {
        this.refill = false;
        void this.catchUp();
      } else if (this.waiting.size > 0) this.scheduleFill();
    });
    return this.filling;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting.clear();
  }

  private scheduleFill(): void {
    if (this.timer || this.stopped) return;
    if (this.options.gapWaitMs === 0) {
      void this.catchUp();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.catchUp();
    }, this.options.gapWaitMs);
  }

  private drain(): void {
    for (let next = this.waiting.get(this.released + 1); next !== undefined; next = this.waiting.get(this.released + 1)) {
      this.waiting.delete(this.released + 1);
      this.released++;
      this.options.release(next, this.released);
    }
  }

  private async fillLoop(): Promise<void> {
    try {
      for (;;) {
        const page = await this.options.fill(this.released);
        if (this.stopped) return;
        for (const { seq, item } of page) {
          if (seq <= this.released) continue;
          // A hole in storage itself cannot be filled by asking again; release past it.
          this.waiting.delete(seq);
          this.released = seq;
          this.options.release(item, seq);
        }
        this.drain();
        if (page.length < this.options.pageSize) break;
      }
    } catch (error) {
      this.options.onFillError(error);
    }
  }
}
