import WebSocket from 'ws';
import type { Connection } from '../chat/connection.js';

let counter = 0;

/** Adapts a `ws` socket to the chat core's Connection. */
export function wrapSocket(socket: WebSocket): Connection {
  const id = `c${++counter}`;
  return {
    id,
    send(frame) {
      if (socket.readyState === WebSocket.OPEN) socket.send(frame);
    },
    close(code, reason) {
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(code, reason);
    },
  };
}
