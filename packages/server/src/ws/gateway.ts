import {
  FrameError,
  ParleyError,
  closeCodes,
  limits,
  parseClientFrame,
  type ErrorFrame,
  type FrameId,
  type ParsedClientFrame,
} from '@parley/protocol';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Accounts } from '../auth/accounts.js';
import type { ChatContext } from '../chat/chat-context.js';
import { sessionClosed, sessionOpened } from '../chat/presence.js';
import type { Session } from '../chat/session.js';
import { toParleyError } from '../internal-error.js';
import type { Logger } from '../log.js';
import { frameHandlers, type FrameHandler } from './frame-handlers.js';
import { wrapSocket } from './ws-connection.js';

const closeGraceMs = 2000;

export interface GatewayOptions {
  /** How long a connection may stay unauthenticated (default 10 s). */
  authTimeoutMs?: number;
}

export interface Gateway {
  /** Closes every connection with a "reconnect" code and stops accepting new ones. */
  close(): Promise<void>;
}

/** The WebSocket endpoint at /ws, sharing the HTTP server's port. */
export function attachGateway(server: Server, ctx: ChatContext, accounts: Accounts, log: Logger, options: GatewayOptions = {}): Gateway {
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.frameBytesMax, perMessageDeflate: false });
  const authTimeoutMs = options.authTimeoutMs ?? limits.authTimeoutSeconds * 1000;
  let closing = false;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/ws' || closing) {
      socket.end(`HTTP/1.1 ${closing ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws));
  };
  server.on('upgrade', onUpgrade);

  function serve(ws: WebSocket): void {
    const conn = wrapSocket(ws);
    let session: Session | null = null;
    // Frames of one connection are handled one after another, in the order they arrived.
    let chain: Promise<void> = Promise.resolve();
    const authTimer = setTimeout(() => conn.close(closeCodes.authTimeout, 'authentication timeout'), authTimeoutMs);

    ws.on('message', (data: RawData, isBinary: boolean) => {
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
        if (session) await sessionClosed(ctx, session);
        session = null;
      });
    });

    async function handle(text: string): Promise<void> {
      let frame: ParsedClientFrame;
      try {
        frame = parseClientFrame(text);
      } catch (error) {
        conn.send(errorFrame((error as FrameError).frameId, error as ParleyError));
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
      const current = session;
      let accepted: { reply: Promise<object> };
      try {
        accepted = await handler(ctx, current, frame.body as never);
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
      try {
        const { user, tokenHash } = await accounts.authenticate(frame.body.token);
        if (ws.readyState !== ws.OPEN) return;
        clearTimeout(authTimer);
        session = { conn, user, tokenHash, rooms: new Set() };
        await sessionOpened(ctx, session);
        conn.send(JSON.stringify({ type: 'ok', ...(frame.id !== undefined ? { id: frame.id } : {}), user: { name: user.name, phone: user.phone } }));
      } catch (error) {
        conn.send(errorFrame(frame.id, toParleyError(error, log)));
        conn.close(closeCodes.unauthorized, 'unauthorized');
      }
    }
  }

  return {
    async close() {
      closing = true;
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(closeCodes.serverRestart, 'server restarting');
      // Clients get a moment to answer the close handshake; one that does not is cut off.
      const cutOff = setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, closeGraceMs);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      clearTimeout(cutOff);
    },
  };
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
