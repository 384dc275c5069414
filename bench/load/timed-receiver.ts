import type { Dialect } from './dialects.js';
import { parseMessageText } from './message-text.js';
import type { Meter } from './meter.js';
import { RawClient } from './raw-client.js';

/**
 * A room member that parses every push: latency from the intended send time, and a check that
 * no message is missing (Parley: the room's seq has no gap; every server: each sender's count).
 */
export class TimedReceiver {
  readonly client: RawClient;
  meter: Meter | null = null;
  /** Messages received per room, over the whole run. */
  readonly received = new Map<string, number>();
  private readonly lastSeq = new Map<string, number>();
  private readonly lastN = new Map<number, number>();

  constructor(port: number, dialect: Dialect, readonly room: string, token: string | null) {
    const hello = dialect.hello(token);
    this.client = new RawClient({
      port,
      path: dialect.path(room),
      mode: 'parse',
      ...(hello ? { hello } : {}),
      ready: dialect.ready,
      onText: (frame, wireBytes) => {
        const push = dialect.decode(frame);
        if (push) this.onPush(push.room, push.text, push.seq, wireBytes);
      },
    });
  }

  private onPush(room: string, text: string, seq: number | undefined, wireBytes: number): void {
    const now = performance.now();
    const parsed = parseMessageText(text);
    if (!parsed) return;
    this.received.set(room, (this.received.get(room) ?? 0) + 1);
    const meter = this.meter;
    if (seq !== undefined) {
      const last = this.lastSeq.get(room);
      if (last !== undefined && seq !== last + 1 && meter) meter.gaps += Math.max(0, seq - last - 1);
      this.lastSeq.set(room, seq);
    }
    const lastN = this.lastN.get(parsed.sender);
    if (lastN !== undefined && parsed.n > lastN + 1 && seq === undefined && meter) meter.gaps += parsed.n - lastN - 1;
    this.lastN.set(parsed.sender, parsed.n);
    if (!meter) return;
    meter.pushFrames++;
    meter.pushWireBytes += wireBytes;
    if (meter.inWindow(parsed.intendedMs)) {
      meter.timedReceived++;
      meter.latency.recordMs(now - parsed.intendedMs);
    }
  }
}
