import type { WebSocket } from 'ws';

/**
 * Pings every watched connection each interval. A connection that has not answered (a pong, or
 * any frame) since the previous ping is cut off, so a dead peer is gone within two intervals.
 */
export class Heartbeat {
  private readonly sockets = new Set<WebSocket>();
  private readonly alive = new WeakSet<WebSocket>();
  private readonly timer: ReturnType<typeof setInterval>;

  /** `tick` runs on the same timer, for other periodic checks. */
  constructor(intervalMs: number, tick: () => void = () => {}) {
    this.timer = setInterval(() => {
      this.beat();
      tick();
    }, intervalMs);
    this.timer.unref();
  }

  watch(ws: WebSocket): void {
    this.sockets.add(ws);
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    ws.on('close', () => this.sockets.delete(ws));
  }

  /** Any frame from the peer proves it alive as well as a pong does. */
  seen(ws: WebSocket): void {
    this.alive.add(ws);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private beat(): void {
    for (const ws of this.sockets) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }
}
