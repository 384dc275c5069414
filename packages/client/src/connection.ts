import {
  ParleyError,
  closeError,
  isErrorCode,
  isPushFrame,
  shouldReconnect,
  type ClientFrameInput,
  type ClientFrameType,
  type OkPayloads,
  type PushFrame,
  type User,
} from '@parley/protocol';
import { backoffDelay } from './backoff.js';
import { Emitter } from './emitter.js';
import { OPEN, type WebSocketConstructor, type WebSocketLike } from './websocket-like.js';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface StateChange {
  state: ConnectionState;
  /** The close code that caused the change, when there was one. */
  code?: number;
  reason?: string;
}

export interface ConnectionOptions {
  wsUrl: string;
  WebSocket: WebSocketConstructor;
  getToken: () => string | null;
  /** Reconnect after a drop (default true). */
  reconnect: boolean;
  minDelayMs: number;
  maxDelayMs: number;
  /** How long a request waits for its reply before it fails (or, for a message, is sent again). */
  requestTimeoutMs: number;
  /**
   * Heartbeat interval. Browsers hide WebSocket pings from scripts, so the SDK sends its own
   * `ping` frame when the line has been quiet this long, and drops a socket that has been
   * silent for two intervals: a dead server is noticed as fast as the server notices a dead client.
   */
  heartbeatMs: number;
}

interface Pending {
  id: number;
  frame: string;
  /** Durable requests (messages) survive disconnects and are sent again until acknowledged. */
  durable: boolean;
  resolve: (value: unknown) => void;
  reject: (error: ParleyError) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

interface ConnectionEvents extends Record<string, unknown> {
  push: PushFrame;
  state: StateChange;
  /** Authenticated on a fresh socket (first connect or a reconnect). */
  ready: User;
}

/**
 * One logical connection to the server over a series of sockets: authenticates each socket,
 * matches replies to requests by id, queues requests while reconnecting, and reconnects with
 * backoff unless the server closed with a terminal code.
 */
export class Connection extends Emitter<ConnectionEvents> {
  state: ConnectionState = 'idle';
  user: User | null = null;
  private socket: WebSocketLike | null = null;
  private wanted = false;
  private attempt = 0;
  private nextId = 1;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;
  private readonly inflight = new Map<number, Pending>();
  private queue: Pending[] = [];
  private waiters: { resolve: (user: User) => void; reject: (error: ParleyError) => void }[] = [];

  constructor(private readonly options: ConnectionOptions) {
    super();
  }

  /** Opens (or reuses) the connection; resolves once the server accepted the token. */
  connect(): Promise<User> {
    if (this.state === 'open' && this.user) return Promise.resolve(this.user);
    const promise = new Promise<User>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.wanted) {
      this.wanted = true;
      this.attempt = 0;
      this.open('connecting');
    }
    return promise;
  }

  /** Closes the connection for good; queued and unanswered requests fail. */
  close(): void {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    this.stopHeartbeat();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'client closed');
    this.failAll(new ParleyError('unavailable', 'The connection was closed.'));
    this.setState({ state: 'closed' });
  }

  request<T extends ClientFrameType>(type: T, body: Omit<ClientFrameInput<T>, 'type' | 'id'>, durable = false): Promise<OkPayloads[T]> {
    return new Promise((resolve, reject) => {
      if (!this.wanted) {
        reject(new ParleyError('unavailable', 'Not connected: call connect() first.'));
        return;
      }
      const id = this.nextId++;
      const pending: Pending = {
        id,
        frame: JSON.stringify({ ...body, type, id }),
        durable,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: undefined,
      };
      if (this.state === 'open') this.transmit(pending);
      else this.queue.push(pending);
    });
  }

  private open(state: 'connecting' | 'reconnecting'): void {
    this.setState({ state });
    let socket: WebSocketLike;
    try {
      socket = new this.options.WebSocket(this.options.wsUrl);
    } catch {
      this.scheduleReconnect(1006, 'cannot open socket');
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      const token = this.options.getToken();
      socket.send(JSON.stringify({ type: 'auth', id: 'auth', token: token ?? '' }));
    };
    socket.onmessage = (event) => {
      if (socket !== this.socket || typeof event.data !== 'string') return;
      this.lastHeard = Date.now();
      this.onFrame(event.data);
    };
    socket.onerror = () => {
      // Always followed by close, where recovery happens.
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.onSocketClosed(event.code, event.reason);
    };
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    this.lastHeard = Date.now();
    const interval = this.options.heartbeatMs;
    this.heartbeatTimer = setInterval(() => {
      const socket = this.socket;
      if (!socket) return;
      const quiet = Date.now() - this.lastHeard;
      if (quiet >= 2 * interval) {
        // A dead peer never completes the close handshake: give up on the socket right away.
        this.socket = null;
        socket.onclose = null;
        socket.close(1000, 'heartbeat timeout');
        this.onSocketClosed(1006, 'heartbeat timeout');
      } else if (quiet >= interval && socket.readyState === OPEN) {
        socket.send(JSON.stringify({ type: 'ping' }));
      }
    }, Math.max(10, Math.floor(interval / 2)));
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private onFrame(text: string): void {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if (frame.id === 'auth') {
      this.onAuthReply(frame);
      return;
    }
    if ((frame.type === 'ok' || frame.type === 'error') && typeof frame.id === 'number') {
      const pending = this.inflight.get(frame.id);
      if (!pending) return;
      this.inflight.delete(frame.id);
      clearTimeout(pending.timer);
      if (frame.type === 'ok') {
        pending.resolve(frame);
        return;
      }
      const error = frameError(frame);
      // A message the server could not take just now (restarting, or too fast) is sent again.
      if (pending.durable && (error.code === 'unavailable' || error.code === 'rate_limited')) {
        this.queue.push(pending);
        this.scheduleFlush();
        return;
      }
      pending.reject(error);
      return;
    }
    // Every push type the protocol lists, and only those: a new one needs no change here.
    if (isPushFrame(frame)) this.emit('push', frame);
  }

  private onAuthReply(frame: Record<string, unknown>): void {
    if (frame.type !== 'ok' && frame.code !== 'unauthorized') {
      // The server could not check the token just now (restarting, storage away, too many
      // connections): this socket closes, and the reconnect loop tries again later.
      this.socket?.close(1000, 'auth failed, retrying');
      return;
    }
    if (frame.type !== 'ok') {
      const error = frameError(frame);
      // A refused token will be refused again: stop, and tell whoever waits.
      this.wanted = false;
      this.socket?.close(1000, 'auth refused');
      this.socket = null;
      for (const waiter of this.waiters.splice(0)) waiter.reject(error);
      this.failAll(error);
      this.setState({ state: 'closed', code: 4401, reason: error.message });
      return;
    }
    this.user = frame.user as User;
    this.attempt = 0;
    this.startHeartbeat();
    this.setState({ state: 'open' });
    for (const waiter of this.waiters.splice(0)) waiter.resolve(this.user);
    this.emit('ready', this.user);
    const queued = this.queue;
    this.queue = [];
    for (const pending of queued) this.transmit(pending);
  }

  /** Sends the queue again a little later (after the server asked to wait). */
  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      if (this.state !== 'open') return; // the next 'ready' flushes it
      const queued = this.queue;
      this.queue = [];
      for (const pending of queued) this.transmit(pending);
    }, this.options.minDelayMs * 2);
  }

  private transmit(pending: Pending): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) {
      this.queue.push(pending);
      return;
    }
    this.inflight.set(pending.id, pending);
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => this.onTimeout(pending), this.options.requestTimeoutMs);
    socket.send(pending.frame);
  }

  private onTimeout(pending: Pending): void {
    if (!this.inflight.has(pending.id)) return;
    if (pending.durable) {
      // The server de-duplicates by clientMsgId, so sending again is safe.
      this.inflight.delete(pending.id);
      this.transmit(pending);
      return;
    }
    this.inflight.delete(pending.id);
    pending.reject(new ParleyError('unavailable', 'The server did not reply in time.'));
  }

  /** Reconnects at once with the current token (after it changed); durable requests carry over. */
  restart(): void {
    if (!this.wanted) {
      this.connect().catch(() => {});
      return;
    }
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, 'reconnecting with a new token');
    }
    this.stopHeartbeat();
    this.requeueInflight();
    clearTimeout(this.retryTimer);
    this.open('reconnecting');
  }

  /** Unanswered durable requests go back to the front of the queue; the others fail. */
  private requeueInflight(): void {
    const requeue: Pending[] = [];
    for (const pending of this.inflight.values()) {
      clearTimeout(pending.timer);
      if (pending.durable) requeue.push(pending);
      else pending.reject(new ParleyError('unavailable', 'The connection was lost before the server replied.'));
    }
    this.inflight.clear();
    this.queue = [...requeue.sort((a, b) => a.id - b.id), ...this.queue];
  }

  private onSocketClosed(code: number, reason: string): void {
    this.stopHeartbeat();
    this.requeueInflight();
    if (!this.wanted) return;
    if (!shouldReconnect(code)) {
      this.wanted = false;
      const error = closeError(code, reason);
      for (const waiter of this.waiters.splice(0)) waiter.reject(error);
      this.failAll(error);
      this.setState({ state: 'closed', code, reason });
      return;
    }
    this.scheduleReconnect(code, reason);
  }

  private scheduleReconnect(code: number, reason: string): void {
    if (!this.options.reconnect) {
      this.wanted = false;
      const error = new ParleyError('unavailable', 'The connection was lost.');
      for (const waiter of this.waiters.splice(0)) waiter.reject(error);
      this.failAll(error);
      this.setState({ state: 'closed', code, reason });
      return;
    }
    this.setState({ state: 'reconnecting', code, reason });
    const delay = backoffDelay(this.attempt++, this.options.minDelayMs, this.options.maxDelayMs);
    this.retryTimer = setTimeout(() => {
      if (this.wanted) this.open('reconnecting');
    }, delay);
  }

  private failAll(error: ParleyError): void {
    for (const pending of [...this.inflight.values(), ...this.queue]) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.inflight.clear();
    this.queue = [];
  }

  private setState(change: StateChange): void {
    if (change.state === this.state && change.code === undefined) return;
    this.state = change.state;
    this.emit('state', change);
  }
}

function frameError(frame: Record<string, unknown>): ParleyError {
  const code = isErrorCode(frame.code) ? frame.code : 'internal';
  const fields = Array.isArray(frame.fields) ? (frame.fields as { field: string; message: string }[]) : undefined;
  return new ParleyError(code, typeof frame.message === 'string' ? frame.message : code, fields);
}
