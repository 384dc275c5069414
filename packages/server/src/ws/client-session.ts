import { FrameError, ParleyError, closeCodes, parseClientFrame, type ErrorFrame, type FrameId, type ParsedClientFrame } from '@parley/protocol';
import type { RawData, WebSocket } from 'ws';
import type { Accounts } from '../auth/accounts.js';
import type { ChatContext } from '../chat/chat-context.js';
import { socketClosed, socketOpened } from '../chat/socket-lifecycle.js';
import type { ChatSocket } from '../chat/socket.js';
import { toParleyError } from '../internal-error.js';
import { TokenBucket } from '../limits/token-bucket.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics/metrics.js';
import type { ServerLimits } from '../server-limits.js';
import type { UserLimiter } from '../limits/user-limiter.js';
import type { UserConnections } from '../presence/user-connections.js';
import { frameBudgets, frameHandlers, type FrameHandler } from './frame-handlers.js';
import type { Heartbeat } from './heartbeat.js';
import { WsConnection } from './ws-connection.js';

export interface ClientSessionDeps {
  ctx: ChatContext;
  accounts: Accounts;
  log: Logger;
  metrics: Metrics;
  limits: ServerLimits;
  heartbeat: Heartbeat;
  userLimiter: UserLimiter;
  userConnections: UserConnections;
  authTimeoutMs: number;
  /** True once the server is shutting down: new frames are answered `unavailable`. */
  isClosing: () => boolean;
}

const clientOf = Symbol('parley client session');
type TaggedSocket = WebSocket & { [clientOf]: ClientSession };

// Shared listeners (`this` is the socket): a connection holds its fields, not a set of closures.
function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  (this as TaggedSocket)[clientOf].receive(data, isBinary);
}
function onClose(this: WebSocket): void {
  (this as TaggedSocket)[clientOf].closed();
}
function onError(this: WebSocket, error: Error): void {
  (this as TaggedSocket)[clientOf].deps.log.debug('socket error', { error: error.message });
}

/**
 * One WebSocket connection, from the handshake to the close: authentication first, then frames
 * handled one after another in arrival order, each answered by exactly one reply.
 */
export class ClientSession {
  private readonly conn: WsConnection;
  private readonly bucket: TokenBucket;
  private strikes = 0;
  private session: ChatSocket | null = null;
  private chain: Promise<void> = Promise.resolve();
  private authTimer: ReturnType<typeof setTimeout> | undefined;
  /** The user whose connection place this socket holds (see UserConnections). */
  private placeOf: number | null = null;

  constructor(
    private readonly ws: WebSocket,
    readonly deps: ClientSessionDeps,
  ) {
    this.conn = new WsConnection(ws, deps.limits.maxBufferedBytes, deps.metrics);
    this.bucket = new TokenBucket(deps.limits.framesPerSecond, deps.limits.frameBurst);
    const conn = this.conn;
    this.authTimer = setTimeout(() => conn.close(closeCodes.authTimeout, 'authentication timeout'), deps.authTimeoutMs);
    (ws as TaggedSocket)[clientOf] = this;
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.on('error', onError);
    deps.heartbeat.watch(ws);
  }

  receive(data: RawData, isBinary: boolean): void {
    const { limits, heartbeat } = this.deps;
    heartbeat.seen(this.ws);
    if (!this.bucket.take()) {
      this.deps.metrics.rateLimited.labels('ws_frames').inc();
      // Refused without running the handler: a flood must cost as little as possible (the log
      // folds the repeats into one line).
      this.deps.log.warn('rate limited', { what: 'frames', user: this.session?.user.id ?? null });
      if (++this.strikes >= limits.rateStrikesBeforeClose) this.conn.close(closeCodes.rateLimited, 'rate limit exceeded');
      else this.conn.send(errorFrame(peekId(data, isBinary), new ParleyError('rate_limited', `Slow down: at most ${limits.framesPerSecond} frames per second.`)));
      return;
    }
    this.strikes = 0;
    if (this.deps.isClosing()) {
      this.conn.send(errorFrame(peekId(data, isBinary), new ParleyError('unavailable', 'The server is restarting; send this again after reconnecting.')));
      return;
    }
    if (isBinary) {
      this.deps.metrics.framesReceived.labels('binary').inc();
      this.conn.send(errorFrame(undefined, new ParleyError('invalid_input', 'Binary frames are not accepted; send JSON text frames.')));
      return;
    }
    const text = data.toString();
    this.chain = this.chain.then(() => this.handle(text)).catch((error: unknown) => this.deps.log.error('frame handling failed', { error }));
  }

  closed(): void {
    this.clearAuthTimer();
    this.deps.heartbeat.unwatch(this.ws);
    this.chain = this.chain.then(async () => {
      if (this.placeOf !== null) await this.deps.userConnections.release(this.placeOf);
      this.placeOf = null;
      const session = this.session;
      if (!session) return;
      this.session = null;
      await socketClosed(this.deps.ctx, session);
    });
  }

  private clearAuthTimer(): void {
    clearTimeout(this.authTimer);
    this.authTimer = undefined;
  }

  private async handle(text: string): Promise<void> {
    let frame: ParsedClientFrame;
    try {
      frame = parseClientFrame(text);
    } catch (error) {
      const frameError = error as FrameError;
      this.deps.metrics.framesReceived.labels('invalid').inc();
      // An auth frame whose token is missing or malformed is a bad token like any other.
      if (!this.session && frameError.fields?.some((f) => f.field === 'token')) {
        this.conn.send(errorFrame(frameError.frameId, new ParleyError('unauthorized', 'The token is missing or malformed.')));
        this.conn.close(closeCodes.unauthorized, 'unauthorized');
        return;
      }
      this.conn.send(errorFrame(frameError.frameId, frameError));
      return;
    }
    this.deps.metrics.framesReceived.labels(frame.type).inc();
    if (!this.session) {
      await this.authenticate(frame);
      return;
    }
    if (frame.type === 'auth') {
      this.conn.send(errorFrame(frame.id, new ParleyError('invalid_input', 'This connection is already authenticated.')));
      return;
    }
    const handler = frameHandlers[frame.type] as FrameHandler<typeof frame.type>;
    let accepted: { reply: Promise<object> };
    try {
      // Refused frames cost the server nothing more: the connection stays open.
      const budget = frameBudgets[frame.type];
      if (budget) this.deps.userLimiter.take(this.session.user.id, budget);
      accepted = await handler(this.deps.ctx, this.session, frame.body as never);
    } catch (error) {
      this.conn.send(errorFrame(frame.id, toParleyError(error, this.deps.log)));
      return;
    }
    const id = frame.id;
    const conn = this.conn;
    accepted.reply.then(
      (payload) => conn.send(JSON.stringify({ type: 'ok', ...(id !== undefined ? { id } : {}), ...payload })),
      (error: unknown) => conn.send(errorFrame(id, toParleyError(error, this.deps.log))),
    );
  }

  private async authenticate(frame: ParsedClientFrame): Promise<void> {
    const { accounts, ctx, limits, log } = this.deps;
    if (frame.type !== 'auth') {
      this.conn.send(errorFrame(frame.id, new ParleyError('unauthorized', 'Authenticate first: send {"type":"auth","token":"..."}.')));
      return;
    }
    let identity;
    try {
      identity = await accounts.authenticate(frame.body.token);
    } catch (error) {
      const refused = toParleyError(error, log);
      this.conn.send(errorFrame(frame.id, refused));
      // Only a bad token is final; a server that could not check it asks for a retry.
      if (refused.code === 'unauthorized') this.conn.close(closeCodes.unauthorized, 'unauthorized');
      else this.conn.close(closeCodes.unavailable, 'cannot authenticate right now');
      return;
    }
    if (this.ws.readyState !== this.ws.OPEN) return;
    // A place is taken before anything else awaits, atomically over every node: of many
    // connections authenticating at once, no more than the cap get in.
    if (!(await this.deps.userConnections.acquire(identity.user.id, limits.connectionsPerUser))) {
      this.deps.metrics.rateLimited.labels('ws_connections_per_user').inc();
      this.conn.send(errorFrame(frame.id, new ParleyError('rate_limited', `At most ${limits.connectionsPerUser} connections per user; close another one first.`)));
      this.conn.close(closeCodes.tooManyConnections, 'too many connections');
      return;
    }
    this.placeOf = identity.user.id;
    this.clearAuthTimer();
    const { id, name, phone } = identity.user;
    const session: ChatSocket = { conn: this.conn, user: { id, name, phone }, tokenHash: identity.tokenHash, rooms: new Set(), expiresAt: identity.expiresAt };
    this.session = session;
    await socketOpened(ctx, session, identity.user);
    // A sign-out that landed between the check above and the registration sent its revoke to
    // nobody: from here on a revoke finds this session, and the database tells of any before.
    let active: boolean;
    try {
      active = await accounts.isActive(identity.tokenHash);
    } catch (error) {
      this.conn.send(errorFrame(frame.id, toParleyError(error, log)));
      this.conn.close(closeCodes.unavailable, 'cannot authenticate right now');
      return;
    }
    if (!active) {
      this.conn.send(errorFrame(frame.id, new ParleyError('unauthorized', 'The session has ended; sign in again.')));
      this.conn.close(closeCodes.sessionEnded, 'signed out');
      return;
    }
    this.conn.send(JSON.stringify({ type: 'ok', ...(frame.id !== undefined ? { id: frame.id } : {}), user: { name, phone } }));
  }
}

/** The id of a frame that will not be handled, so that its error still answers it. */
function peekId(data: RawData, isBinary: boolean): FrameId | undefined {
  if (isBinary) return undefined;
  try {
    const id = (JSON.parse(data.toString()) as { id?: unknown }).id;
    return typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id)) ? id : undefined;
  } catch {
    return undefined;
  }
}

function errorFrame(id: FrameId | undefined, error: ParleyError): string {
  const frame: ErrorFrame = {
    type: 'error',
    ...(id !== undefined ? { id } : {}),
    code: error.code,
    message: error.message,
    ...(error.fields ? { fields: error.fields } : {}),
  };
  return JSON.stringify(frame);
}
