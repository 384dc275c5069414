import { createClient, type ParleyClient, type WebSocketConstructor } from '@parley/client';
import WebSocket from 'ws';
import type { Dialect } from './dialects.js';
import { parseMessageText } from './message-text.js';
import type { Meter } from './meter.js';
import { RawClient } from './raw-client.js';

/** A connection that sends the room's messages; it is a room member and receives too. */
export interface Sender {
  open(): Promise<void>;
  send(room: string, text: string, intendedMs: number): void;
  /** Bytes received by a byte-counting sender (the Parley SDK sender counts messages instead). */
  bytes(): number;
  isClosed(): boolean;
  close(): void;
  meter: Meter | null;
}

/** Parley senders go through the SDK: send() resolves on the durable ack. */
export function sdkSender(port: number, token: string): Sender {
  let closed = false;
  const client: ParleyClient = createClient({ url: `http://127.0.0.1:${port}`, token, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: false });
  const sender: Sender = {
    meter: null,
    async open() {
      await client.connect();
      client.on('state', (change) => {
        if (change.state === 'closed') closed = true;
      });
      const self = client.user?.phone;
      client.on('message', (message) => {
        if (message.from.phone === self || !sender.meter) return;
        const parsed = parseMessageText(message.text ?? '');
        if (parsed && sender.meter.inWindow(parsed.intendedMs)) sender.meter.senderReceived++;
      });
    },
    send(room, text, intendedMs) {
      const meter = sender.meter;
      client.send(room, text).then(
        () => {
          if (meter?.inWindow(intendedMs)) {
            meter.acks++;
            meter.ackLatency.recordMs(performance.now() - intendedMs);
          }
        },
        () => {},
      );
    },
    bytes: () => 0,
    isClosed: () => closed,
    close: () => client.close(),
  };
  return sender;
}

/** Socket.IO and floor senders write pre-framed bytes and count what they receive. */
export function rawSender(port: number, dialect: Dialect, room: string): Sender {
  const client = new RawClient({ port, path: dialect.path(room), mode: 'sink', ready: dialect.ready, ...(dialect.hello(null) ? { hello: dialect.hello(null)! } : {}) });
  return {
    meter: null,
    open: () => client.opened,
    send: (to, text) => client.write(dialect.encode(to, text)),
    bytes: () => client.bytes,
    isClosed: () => client.closed,
    close: () => client.close(),
  };
}
