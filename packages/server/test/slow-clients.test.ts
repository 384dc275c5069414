import { connect as tcpConnect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useServer, type TestServer } from './helpers/server.js';

/** A raw TCP connection to the server that keeps everything it receives. */
async function rawConnection(server: TestServer): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { hostname, port } = new URL(server.url);
  const socket = tcpConnect(Number(port), hostname);
  let data = '';
  socket.on('data', (chunk) => (data += chunk.toString()));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, received: () => data, closed };
}

/** Writes `text` one byte every `everyMs` until the socket closes or the text runs out. */
async function trickle(socket: Socket, text: string, everyMs: number): Promise<void> {
  for (const char of text) {
    if (socket.destroyed || !socket.writable) return;
    socket.write(char);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

describe('slow clients', () => {
  const server = useServer({ limits: { requestTimeoutMs: 1000 } });

  it('answers a body that trickles in with 408 request_timeout and closes the connection', async () => {
    const { socket, received, closed } = await rawConnection(server);
    socket.write('POST /api/signup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{');
    const started = Date.now();
    void trickle(socket, '"name":"slow"'.repeat(20), 150);
    await closed;
    // 1 s, plus up to the 250 ms between Node's checks; the body alone would take 30 s.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(received().split('\r\n\r\n')[1]!)).toEqual({ error: { code: 'request_timeout', message: 'The request did not arrive within 1 s.' } });
  });

  it('closes a connection whose headers trickle in', async () => {
    const { socket, received, closed } = await rawConnection(server);
    const started = Date.now();
    void trickle(socket, 'GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(200), 100);
    await closed;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('still serves a request that arrives in time, and keeps a WebSocket open past the timeout', async () => {
    const ws = new WebSocket(server.wsUrl);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});

/** Opens raw connections that each ask for /api/health; resolves with each one's status. */
async function healthOver(server: TestServer, count: number): Promise<{ statuses: number[]; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const conn = await rawConnection(server);
    sockets.push(conn.socket);
    conn.socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n');
    for (let waited = 0; !/^HTTP\/1\.1 \d{3}/.test(conn.received()) && waited < 3000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    statuses.push(Number(/^HTTP\/1\.1 (\d{3})/.exec(conn.received())?.[1] ?? 0));
  }
  return { statuses, sockets };
}

describe('open connections per address', () => {
  const server = useServer({ limits: { connectionsPerAddress: 6 } });

  it('refuses connections past the cap with 429, HTTP and WebSocket together, and takes new ones once some close', async () => {
    const ws = new WebSocket(server.wsUrl);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const { statuses, sockets } = await healthOver(server, 7);
    // The WebSocket holds one of the six; the test's own HTTP client may hold others.
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(5);
    expect(statuses.at(-1)).toBe(429);
    const refused = await new Promise<number>((resolve) => {
      const extra = new WebSocket(server.wsUrl);
      extra.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      extra.once('error', () => resolve(-1));
      extra.once('open', () => resolve(101));
    });
    expect(refused).not.toBe(101);
    for (const socket of sockets) socket.destroy();
    ws.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await healthOver(server, 3)).statuses).toEqual([200, 200, 200]);
  });
});

describe('open WebSockets per forwarded address, behind a proxy', () => {
  const server = useServer({ trustProxy: true, limits: { connectionsPerAddress: 2 } });
  const open = (address: string) =>
    new Promise<{ ws: WebSocket; status: number }>((resolve) => {
      const ws = new WebSocket(server.wsUrl, { headers: { 'x-forwarded-for': address } });
      ws.once('open', () => resolve({ ws, status: 101 }));
      ws.once('unexpected-response', (_req, res) => resolve({ ws, status: res.statusCode ?? 0 }));
    });

  it('counts by the client address the proxy forwards, an IPv6 /64 as one', async () => {
    expect((await open('2001:db8:1:2::1')).status).toBe(101);
    expect((await open('2001:db8:1:2::ffff')).status).toBe(101);
    expect((await open('2001:db8:1:2:aaaa::1')).status).toBe(429);
    expect((await open('2001:db8:1:3::1')).status).toBe(101);
    expect((await open('10.0.0.7')).status).toBe(101);
  });
});
