import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildRoom, buildUser, connect, sendMessage } from './helpers/builders.js';
import { useServer } from './helpers/server.js';
import { RawSocket } from './helpers/socket.js';

function openRaw(url: string, options: WebSocket.ClientOptions): Promise<{ ws: WebSocket; status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once('open', () => resolve({ ws, status: 101 }));
    ws.once('unexpected-response', (_request, response) => resolve({ ws, status: response.statusCode ?? 0 }));
    ws.once('error', reject);
  });
}

const closeOf = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

describe('heartbeat', () => {
  const server = useServer({ limits: { heartbeatMs: 150 } });

  it('cuts off a connection that answers no ping within two intervals', async () => {
    const user = await buildUser(server);
    const silent = new WebSocket(server.wsUrl, { autoPong: false });
    await new Promise((resolve) => silent.once('open', resolve));
    silent.send(JSON.stringify({ type: 'auth', token: user.token }));
    const started = Date.now();
    expect(await closeOf(silent)).toBe(1006);
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('keeps a connection that answers pings, however quiet', async () => {
    const user = await buildUser(server);
    const socket = await connect(server, user);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(socket.isOpen).toBe(true);
  });
});

describe('a client that stops reading', () => {
  const server = useServer({ limits: { maxBufferedBytes: 256 * 1024, framesPerSecond: 100_000, frameBurst: 100_000 } });

  it('is cut off with 4509 once its buffer passes the cap, while the others go on', async () => {
    const [ann, bob] = [await buildUser(server), await buildUser(server)];
    const sender = await connect(server, ann);
    const room = (await buildRoom(sender)).room as string;
    const reader = await RawSocket.open(server.wsUrl);
    await reader.ok({ type: 'auth', token: bob.token });
    await reader.ok({ type: 'join', room });
    // Stop reading at the TCP level: the kernel buffers fill, then the server's own.
    const raw = (reader.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    const text = 'x'.repeat(4000);
    // 24 MB: well past what the kernel's socket buffers absorb on loopback.
    for (let i = 0; i < 6000; i++) {
      sender.send({ type: 'message', room, text, clientMsgId: `flood-${i}`, id: i });
      if (i % 200 === 199) await sender.next((f) => f.id === i, 10_000);
    }
    raw.resume();
    expect((await reader.waitClosed(5000)).code).toBe(4509);
    expect((await sendMessage(sender, room, 'still working')).type).toBe('ok');
  }, 60_000);
});

describe('Origin check on the WebSocket upgrade', () => {
  describe('by default', () => {
    const server = useServer();

    it('accepts the server’s own origin and clients that send none', async () => {
      const host = new URL(server.url).host;
      expect((await openRaw(server.wsUrl, { origin: `http://${host}` })).status).toBe(101);
      expect((await openRaw(server.wsUrl, {})).status).toBe(101);
    });

    it('refuses a page from another origin with 403', async () => {
      expect((await openRaw(server.wsUrl, { origin: 'https://evil.example' })).status).toBe(403);
    });
  });

  describe('by default, behind a proxy that terminates TLS', () => {
    const server = useServer({ trustProxy: true });

    it('compares the scheme too: an http page may not open a socket meant for https', async () => {
      const host = new URL(server.url).host;
      expect((await openRaw(server.wsUrl, { origin: `https://${host}`, headers: { 'x-forwarded-proto': 'https' } })).status).toBe(101);
      expect((await openRaw(server.wsUrl, { origin: `http://${host}`, headers: { 'x-forwarded-proto': 'https' } })).status).toBe(403);
      expect((await openRaw(server.wsUrl, { origin: `https://${host}` })).status).toBe(403);
      // Without a public URL the Host is all there is to go by: a rebinding pair passes. This is
      // why deployments set --public-url (see the next test).
      expect((await openRaw(server.wsUrl, { origin: 'http://rebind.attacker.example', headers: { host: 'rebind.attacker.example' } })).status).toBe(101);
    });
  });

  describe('with a public URL', () => {
    const server = useServer({ publicUrl: 'https://chat.example' });

    it('accepts pages of that origin only, and refuses a DNS-rebinding pair of Origin and Host', async () => {
      expect((await openRaw(server.wsUrl, { origin: 'https://chat.example' })).status).toBe(101);
      // A hostile name resolving to this server: the browser sends that name in Host and Origin alike.
      const port = new URL(server.url).port;
      expect((await openRaw(server.wsUrl, { origin: `http://rebind.attacker.example:${port}`, headers: { host: `rebind.attacker.example:${port}` } })).status).toBe(403);
      expect((await openRaw(server.wsUrl, { origin: 'http://chat.example' })).status).toBe(403);
      expect((await openRaw(server.wsUrl, {})).status).toBe(101);
    });
  });

  describe('with allowed origins configured', () => {
    const server = useServer({ allowedOrigins: ['https://app.example'] });

    it('accepts exactly those', async () => {
      expect((await openRaw(server.wsUrl, { origin: 'https://app.example' })).status).toBe(101);
      expect((await openRaw(server.wsUrl, { origin: 'https://other.example' })).status).toBe(403);
    });
  });
});
