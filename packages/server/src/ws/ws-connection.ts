import { closeCodes } from '@parley/protocol';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { Connection } from '../chat/connection.js';
import type { Metrics } from '../metrics/metrics.js';
import { enqueueFrame, flushSink, type FrameSink } from './frame-batcher.js';

let counter = 0;
// Connection ids are unique across nodes too: a skip id travels between nodes on the bus.
const nodePrefix = Math.random().toString(36).slice(2, 8);

// Time for a slow reader to reach the close frame behind its backlog before the socket is
// destroyed. Nothing more is queued meanwhile, so its memory stays at the cap.
const slowCloseGraceMs = 10_000;

/**
 * Adapts a `ws` socket to the chat core's Connection. Frames are written straight to the TCP
 * socket, batched (see frame-batcher.ts); permessage-deflate is off, so ws's own sender never
 * holds frames back. A client that stops reading is cut off once more than `maxBufferedBytes`
 * wait for it, so that one slow reader cannot grow the server's memory; it reconnects and
 * catches up. A class, not closures: an idle connection should cost its fields and nothing more.
 */
export class WsConnection implements Connection, FrameSink {
  readonly id = `${nodePrefix}:${++counter}`;
  readonly tcp: Socket;

  constructor(
    private readonly ws: WebSocket,
    private readonly maxBufferedBytes: number,
    private readonly metrics: Metrics,
  ) {
    this.tcp = (ws as unknown as { _socket: Socket })._socket;
  }

  isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(text: string): void {
    if (!this.isOpen()) return;
    if (this.tcp.writableLength > this.maxBufferedBytes) {
      this.metrics.slowConsumerCuts.inc();
      this.close(closeCodes.slowConsumer, 'too slow reading');
      const ws = this.ws;
      setTimeout(() => ws.terminate(), slowCloseGraceMs).unref();
      return;
    }
    this.metrics.frameSent(text);
    enqueueFrame(this, text);
  }

  close(code: number, reason: string): void {
    // What was queued for this connection goes out ahead of its close frame.
    flushSink(this);
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason);
  }
}
