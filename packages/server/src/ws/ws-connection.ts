import { closeCodes } from '@parley/protocol';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { Connection } from '../chat/connection.js';
import { textFrame } from './text-frame.js';

let counter = 0;
// Connection ids are unique across nodes too: a skip id travels between nodes on the bus.
const nodePrefix = Math.random().toString(36).slice(2, 8);

// Time for a slow reader to reach the close frame behind its backlog before the socket is
// destroyed. Nothing more is queued meanwhile, so its memory stays at the cap.
const slowCloseGraceMs = 10_000;

// Fan-out sends one text to many connections in a row: it is framed once, not once per member.
let lastText: string | undefined;
let lastFrame: Buffer = Buffer.alloc(0);
function framed(text: string): Buffer {
  if (text !== lastText) {
    lastText = text;
    lastFrame = textFrame(text);
  }
  return lastFrame;
}

// Frames written to a socket during one turn leave in one writev: corked at the first write,
// uncorked after the turn.
const corked = new Set<Socket>();
function uncorkAll(): void {
  for (const socket of corked) socket.uncork();
  corked.clear();
}

/**
 * Adapts a `ws` socket to the chat core's Connection. Frames are written straight to the TCP
 * socket (permessage-deflate is off, so ws's own sender never holds frames back and order is
 * kept). A client that stops reading is cut off once more than `maxBufferedBytes` wait for it,
 * so that one slow reader cannot grow the server's memory; it reconnects and catches up.
 * A class, not closures: an idle connection should cost its fields and nothing more.
 */
export class WsConnection implements Connection {
  readonly id = `${nodePrefix}:${++counter}`;
  private readonly tcp: Socket;

  constructor(
    private readonly ws: WebSocket,
    private readonly maxBufferedBytes: number,
  ) {
    this.tcp = (ws as unknown as { _socket: Socket })._socket;
  }

  send(text: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const tcp = this.tcp;
    if (tcp.writableLength > this.maxBufferedBytes) {
      this.close(closeCodes.slowConsumer, 'too slow reading');
      const ws = this.ws;
      setTimeout(() => ws.terminate(), slowCloseGraceMs).unref();
      return;
    }
    if (!corked.has(tcp)) {
      if (corked.size === 0) setImmediate(uncorkAll);
      tcp.cork();
      corked.add(tcp);
    }
    tcp.write(framed(text));
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason);
  }
}
