/**
 * What the chat core knows of a client connection. The WebSocket gateway adapts `ws` sockets to
 * it; the core never sees `ws` itself.
 */
export interface Connection {
  /** Unique among this node's connections. */
  readonly id: string;
  /** Queues a text frame; never throws, drops the frame if the connection is closing. */
  send(frame: string): void;
  close(code: number, reason: string): void;
}
