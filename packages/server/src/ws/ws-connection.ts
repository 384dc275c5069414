import { closeCodes } from '@parley/protocol';
import WebSocket from 'ws';
import type { Connection } from '../chat/connection.js';

let counter = 0;

// Time for a slow reader to reach the close frame behind its backlog before the socket is
// destroyed. Nothing more is queued meanwhile, so its memory stays at the cap.
const slowCloseGraceMs = 10_000;

/**
 * Adapts a `ws` socket to the chat core's Connection. A client that stops reading is cut off
 * once more than `maxBufferedBytes` wait for it, so that one slow reader cannot grow the
 * server's memory; it reconnects and catches up from history.
 */
export function wrapSocket(socket: WebSocket, maxBufferedBytes: number): Connection {
  const id = `c${++counter}`;
  const close = (code: number, reason: string) => {
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(code, reason);
  };
  return {
    id,
    send(frame) {
      if (socket.readyState !== WebSocket.OPEN) return;
      if (socket.bufferedAmount > maxBufferedBytes) {
        close(closeCodes.slowConsumer, 'too slow reading');
        setTimeout(() => socket.terminate(), slowCloseGraceMs).unref();
        return;
      }
      socket.send(frame);
    },
    close,
  };
}
