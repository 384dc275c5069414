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
import { browserNetworkSignal, type NetworkSignal } from './network-signal.js';
import { OPEN, type WebSocketConstructor, type WebSocketLike } from './websocket-like.js';

/**
 * `offline`: the device reported its network gone; the socket was dropped at once and the next
 * attempt is made as soon as the device reports it back (and, in case the report was wrong,
 * at the longest reconnect delay meanwhile).
 */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed';

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
  /** How long a request waits for its reply before it fails with `unavailable`. */
  requestTimeoutMs: number;
  /**
   * Heartbeat interval. Browsers hide WebSocket pings from scripts, so the SDK sends its own
   * `ping` frame when the line has been quiet this long, and drops a socket that has been
   * silent for two intervals: a dead server is noticed as fast as the server notices a dead client.
   */
  heartbeatMs: number;
  /** The device's online/offline reports; default the browser's events (none in Node). */
  network?: NetworkSignal | null;
  /** After the device reports its network back, how long an open socket may stay silent before it counts as dead. */
  probeMs?: number;
}

interface Pending {
  id: number;
  frame: string;
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
 * matches replies to requests by id, holds requests made while connecting until the socket is
 * ready, and reconnects with backoff unless the server closed with a terminal code. A request
 * that is unanswered when its socket goes fails with `unavailable`; what must outlive sockets
 * (messages) is the outbox's business.
 */
export class Connection extends Emitter<ConnectionEvents> {
  state: ConnectionState = 'idle';
  user: User | null = null;
  private socket: WebSocketLike | null = null;
  private wanted = false;
  private attempt = 0;
  private nextId = 1;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;
  private readonly inflight = new Map<number, Pending>();
  private queue: Pending[] = [];
  private waiters: { resolve: (user: User) => void; reject: (error: ParleyError) => void }[] = [];
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  /** The device said it is offline, and has not said otherwise since. */
  private deviceOffline = false;

  constructor(private readonly options: ConnectionOptions) {
    super();
    const network = options.network === undefined ? browserNetworkSignal() : options.network;
    network?.subscribe((online) => (online ? this.onNetworkBack() : this.onNetworkGone()));
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
    clearTimeout(this.probeTimer);
    this.stopHeartbeat();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'client closed');
    this.failAll(new ParleyError('unavailable', 'The connection was closed.'));
    this.setState({ state: 'closed' });
  }

  request<T extends ClientFrameType>(type: T, body: Omit<ClientFrameInput<T>, 'type' | 'id'>): Promise<OkPayloads[T]> {
    return new Promise((resolve, reject) => {
      if (!this.wanted) {
        reject(new ParleyError('unavailable', 'Not connected: call connect() first.'));
        return;
      }
      const id = this.nextId++;
      const pending: Pending = {
        id,
        frame: JSON.stringify({ ...body, type, id }),
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: undefined,
      };
      if (this.state === 'open') this.transmit(pending);
      else this.queue.push(pending);
    });
  }

  private open(state: 'connecting' | 'reconnecting'): void {
    this.setState({ state: this.deviceOffline ? 'offline' : state });
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
      if (frame.type === 'ok') pending.resolve(frame);
      else pending.reject(frameError(frame));
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
    // Connected after all: whatever the device said, the server is reachable.
    this.deviceOffline = false;
    this.startHeartbeat();
    this.setState({ state: 'open' });
    for (const waiter of this.waiters.splice(0)) waiter.resolve(this.user);
    this.emit('ready', this.user);
    const queued = this.queue;
    this.queue = [];
    for (const pending of queued) this.transmit(pending);
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
    this.inflight.delete(pending.id);
    pending.reject(new ParleyError('unavailable', 'The server did not reply in time.'));
  }

  /** Reconnects at once with the current token (after it changed). */
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
    this.failInflight();
    clearTimeout(this.retryTimer);
    this.open('reconnecting');
  }

  /** Requests sent on a socket that is gone fail; the server may or may not have acted on them. */
  private failInflight(): void {
    for (const pending of this.inflight.values()) {
      clearTimeout(pending.timer);
      pending.reject(new ParleyError('unavailable', 'The connection was lost before the server replied.'));
    }
    this.inflight.clear();
  }

  /** The device lost its network: the socket is as good as dead, so say so now rather than after two heartbeats. */
  private onNetworkGone(): void {
    this.deviceOffline = true;
    if (!this.wanted) return;
    clearTimeout(this.retryTimer);
    clearTimeout(this.probeTimer);
    this.stopHeartbeat();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, 'offline');
    }
    this.failInflight();
    this.scheduleReconnect(1006, 'The device is offline.');
  }

  /** The device has a network again: reconnect now, or make sure the open socket still works. */
  private onNetworkBack(): void {
    this.deviceOffline = false;
    if (!this.wanted) return;
    const socket = this.socket;
    if (this.state === 'open' && socket) {
      // A socket that lived through a network change may be dead without knowing it: ask.
      const asked = Date.now();
      if (socket.readyState === OPEN) socket.send(JSON.stringify({ type: 'ping' }));
      clearTimeout(this.probeTimer);
      this.probeTimer = setTimeout(() => {
        if (this.socket !== socket || this.lastHeard >= asked) return;
        this.socket = null;
        socket.onclose = null;
        socket.close(1000, 'no answer after the network came back');
        this.onSocketClosed(1006, 'no answer after the network came back');
      }, this.options.probeMs ?? 3000);
      return;
    }
    if (this.state === 'offline' || (this.state === 'reconnecting' && !socket)) {
      clearTimeout(this.retryTimer);
      this.attempt = 0;
      this.open('reconnecting');
    }
  }

  private onSocketClosed(code: number, reason: string): void {
    this.stopHeartbeat();
    this.failInflight();
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
    this.setState({ state: this.deviceOffline ? 'offline' : 'reconnecting', code, reason });
    // Offline, only the longest delay: in case the device's report is wrong (only localhost reachable, say).
    const delay = this.deviceOffline ? this.options.maxDelayMs : backoffDelay(this.attempt++, this.options.minDelayMs, this.options.maxDelayMs);
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
