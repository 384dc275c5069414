import { FrameError, ParleyError, closeCodes, parseClientFrame, type ErrorFrame, type FrameId, type ParsedClientFrame } from '@parley/protocol';
import type { RawData, WebSocket } from 'ws';
import type { Accounts } from '../auth/accounts.js';
import type { ChatContext } from '../chat/chat-context.js';
import { sessionClosed, sessionOpened } from '../chat/presence.js';
import type { Session } from '../chat/session.js';
import { toParleyError } from '../internal-error.js';
import { TokenBucket } from '../limits/token-bucket.js';
import type { Logger } from '../log.js';
import type { ServerLimits } from '../server-limits.js';
import { frameHandlers, type FrameHandler } from './frame-handlers.js';
import type { Heartbeat } from './heartbeat.js';
import { wrapSocket } from './ws-connection.js';

export interface ClientSessionDeps {
  ctx: ChatContext;
  accounts: Accounts;
  log: Logger;
  limits: ServerLimits;
  heartbeat: Heartbeat;
  authTimeoutMs: number;
  /** When each live session's token stops being valid, for the periodic expiry check. */
  expiries: Map<Session, number>;
  /** True once the server is shutting down: new frames are answered `unavailable`. */
  isClosing: () => boolean;
}

/**
 * One WebSocket connection, from the handshake to the close: authentication first, then frames
 * handled one after another in arrival order, each answered by exactly one reply.
 */
export function serveClient(ws: WebSocket, deps: ClientSessionDeps): void {
  const { ctx, accounts, log, limits, heartbeat } = deps;
  const conn = wrapSocket(ws, limits.maxBufferedBytes);
  const bucket = new TokenBucket(limits.framesPerSecond, limits.frameBurst);
  let strikes = 0;
  let session: Session | null = null;
  let chain: Promise<void> = Promise.resolve();
  const authTimer = setTimeout(() => conn.close(closeCodes.authTimeout, 'authentication timeout'), deps.authTimeoutMs);
  heartbeat.watch(ws);

  ws.on('message', (data: RawData, isBinary: boolean) => {
    heartbeat.seen(ws);
    if (!bucket.take()) {
      // Refused without running the handler: a flood must cost as little as possible.
      if (++strikes >= limits.rateStrikesBeforeClose) conn.close(closeCodes.rateLimited, 'rate limit exceeded');
      else conn.send(errorFrame(peekId(data, isBinary), new ParleyError('rate_limited', `Slow down: at most ${limits.framesPerSecond} frames per second.`)));
      return;
    }
    strikes = 0;
    if (deps.isClosing()) {
      conn.send(errorFrame(peekId(data, isBinary), new ParleyError('unavailable', 'The server is restarting; send this again after reconnecting.')));
      return;
    }
    if (isBinary) {
      conn.send(errorFrame(undefined, new ParleyError('invalid_input', 'Binary frames are not accepted; send JSON text frames.')));
      return;
    }
    const text = data.toString();
    chain = chain.then(() => handle(text)).catch((error: unknown) => log.error('frame handling failed', { error }));
  });
  ws.on('error', (error) => log.debug('socket error', { conn: conn.id, error: error.message }));
  ws.on('close', () => {
    clearTimeout(authTimer);
    chain = chain.then(async () => {
      if (!session) return;
      deps.expiries.delete(session);
      await sessionClosed(ctx, session);
      session = null;
    });
  });

  async function handle(text: string): Promise<void> {
    let frame: ParsedClientFrame;
    try {
      frame = parseClientFrame(text);
    } catch (error) {
      const frameError = error as FrameError;
      // An auth frame whose token is missing or malformed is a bad token like any other.
      if (!session && frameError.fields?.some((f) => f.field === 'token')) {
        conn.send(errorFrame(frameError.frameId, new ParleyError('unauthorized', 'The token is missing or malformed.')));
        conn.close(closeCodes.unauthorized, 'unauthorized');
        return;
      }
      conn.send(errorFrame(frameError.frameId, frameError));
      return;
    }
    if (!session) {
      await authenticate(frame);
      return;
    }
    if (frame.type === 'auth') {
      conn.send(errorFrame(frame.id, new ParleyError('invalid_input', 'This connection is already authenticated.')));
      return;
    }
    const handler = frameHandlers[frame.type] as FrameHandler<typeof frame.type>;
    let accepted: { reply: Promise<object> };
    try {
      accepted = await handler(ctx, session, frame.body as never);
    } catch (error) {
      conn.send(errorFrame(frame.id, toParleyError(error, log)));
      return;
    }
    const id = frame.id;
    accepted.reply.then(
      (payload) => conn.send(JSON.stringify({ type: 'ok', ...(id !== undefined ? { id } : {}), ...payload })),
      (error: unknown) => conn.send(errorFrame(id, toParleyError(error, log))),
    );
  }

  async function authenticate(frame: ParsedClientFrame): Promise<void> {
    if (frame.type !== 'auth') {
      conn.send(errorFrame(frame.id, new ParleyError('unauthorized', 'Authenticate first: send {"type":"auth","token":"..."}.')));
      return;
    }
    let identity;
    try {
      identity = await accounts.authenticate(frame.body.token);
    } catch (error) {
      const refused = toParleyError(error, log);
      conn.send(errorFrame(frame.id, refused));
      // Only a bad token is final; a server that could not check it asks for a retry.
      if (refused.code === 'unauthorized') conn.close(closeCodes.unauthorized, 'unauthorized');
      else conn.close(closeCodes.unavailable, 'cannot authenticate right now');
      return;
    }
    if (ws.readyState !== ws.OPEN) return;
    if (ctx.registry.userSessions(identity.user.id).size >= limits.connectionsPerUser) {
      conn.send(errorFrame(frame.id, new ParleyError('rate_limited', `At most ${limits.connectionsPerUser} connections per user; close another one first.`)));
      conn.close(closeCodes.tooManyConnections, 'too many connections');
      return;
    }
    clearTimeout(authTimer);
    session = { conn, user: identity.user, tokenHash: identity.tokenHash, rooms: new Set() };
    deps.expiries.set(session, identity.expiresAt);
    await sessionOpened(ctx, session);
    const { name, phone } = identity.user;
    conn.send(JSON.stringify({ type: 'ok', ...(frame.id !== undefined ? { id: frame.id } : {}), user: { name, phone } }));
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
