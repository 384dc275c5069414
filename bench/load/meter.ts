import { Latency } from './latency.js';

/**
 * What the clients of one measured step report into: latencies of messages intended within the
 * window, counts, and the wire size of pushes (to turn sink byte counts into deliveries).
 */
export class Meter {
  latency = new Latency();
  ackLatency = new Latency();
  /** How late the generator actually sent, against the intended time. */
  sendLag = new Latency();
  timedReceived = 0;
  senderReceived = 0;
  acks = 0;
  gaps = 0;
  pushFrames = 0;
  pushWireBytes = 0;

  constructor(
    readonly from: number,
    readonly to: number,
  ) {}

  inWindow(intendedMs: number): boolean {
    return intendedMs >= this.from && intendedMs < this.to;
  }

  /** Average wire bytes of one push, from what the timed clients parsed. */
  bytesPerPush(): number {
    return this.pushFrames > 0 ? this.pushWireBytes / this.pushFrames : 0;
  }
}
