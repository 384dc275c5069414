import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A window's own path to the server: a TCP relay on a free loopback port that can be cut. Cut, it
 * closes every open connection through it (sockets included) and closes each new one as it comes,
 * as a network that went away does; restored, it relays again. For an engine with no network
 * emulation of its own (WebKit under WebDriver classic): the page sees its socket close and its
 * requests fail, though `navigator.onLine` stays true.
 */
export interface NetworkCut {
  /** http://127.0.0.1:<relay port>: where the window opens the app. */
  readonly url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function createNetworkCut(target: string): Promise<NetworkCut> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let isCut = false;
  const relay = createServer((inbound) => {
    if (isCut) {
      inbound.destroy();
      return;
    }
    const outbound = connect(Number(port), hostname);
    for (const socket of [inbound, outbound]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      // A reset on one side ends the other: the relay keeps no half-open pairs.
      socket.on('error', () => undefined);
    }
    inbound.pipe(outbound).on('close', () => inbound.destroy());
    outbound.pipe(inbound).on('close', () => outbound.destroy());
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`,
    cut() {
      isCut = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      isCut = false;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}
