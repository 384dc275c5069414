import type { WebSocket } from 'ws';

const alive = new WeakSet<WebSocket>();

// Shared listeners (`this` is the socket), so that watching a connection allocates nothing.
function onPong(this: WebSocket): void {
  alive.add(this);
}

/**
 * Pings every watched connection each interval. A connection that has not answered (a pong, or
 * any frame) since the previous ping is cut off, so a dead peer is gone within two intervals.
 */
export class Heartbeat {
  private readonly sockets = new Set<WebSocket>();
  private readonly timer: ReturnType<typeof setInterval>;

  /** `onTimeout` hears of each connection cut for silence. */
  constructor(intervalMs: number, private readonly onTimeout: () => void = () => {}) {
    this.timer = setInterval(() => this.beat(), intervalMs);
    this.timer.unref();
  }

  watch(ws: WebSocket): void {
    this.sockets.add(ws);
    alive.add(ws);
    ws.on('pong', onPong);
  }

  /** Any frame from the peer proves it alive as well as a pong does. */
  seen(ws: WebSocket): void {
    alive.add(ws);
  }

  /** Stops watching a connection that closed. */
  unwatch(ws: WebSocket): void {
    this.sockets.delete(ws);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private beat(): void {
    for (const ws of this.sockets) {
      if (!alive.has(ws)) {
        this.onTimeout();
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }
}
