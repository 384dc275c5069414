import { createClient, type ConnectionState, type MessageEvent, type ParleyClient, type WebSocketConstructor } from '@parley/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runServerProcess, type ServerProcess } from './helpers/process.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startProcess(dataDir: string, port = 0): Promise<{ process: ServerProcess; url: string }> {
  const process = runServerProcess(['--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir, '--log-level', 'error']);
  const [, actual] = (await process.waitForOutput(/listening on http:\/\/127\.0\.0\.1:(\d+)/)) as RegExpMatchArray;
  return { process, url: `http://127.0.0.1:${actual}` };
}

function stateReached(client: ParleyClient, state: ConnectionState, timeoutMs: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    if (client.state === state) return resolve(0);
    const timer = setTimeout(() => reject(new Error(`still ${client.state} after ${timeoutMs} ms, wanted ${state}`)), timeoutMs);
    const off = client.on('state', (change) => {
      if (change.state !== state) return;
      off();
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

describe('the SDK against a server that stops answering', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('notices within two heartbeat intervals, keeps the unsent messages, and delivers them once the server is back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-sdk-'));
    const { process: server, url } = await startProcess(dataDir);
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    cleanup.push(async () => {
      server.child.kill('SIGCONT');
      server.child.kill('SIGKILL');
      await server.exited;
    });
    const make = (heartbeatMs: number) =>
      createClient({ url, WebSocket: WebSocket as unknown as WebSocketConstructor, heartbeatMs, minReconnectDelayMs: 50, maxReconnectDelayMs: 200, requestTimeoutMs: 1000 });
    const ann = make(200);
    const bob = make(25_000);
    cleanup.push(() => ann.close());
    cleanup.push(() => bob.close());
    for (const [client, phone] of [[ann, '3100001'], [bob, '3100002']] as const) {
      await client.signup({ name: phone, phone, password: 'heartbeat!' });
      await client.signin({ phone, password: 'heartbeat!' });
      await client.connect();
    }
    const { room } = await ann.openPrivate('3100002');
    const bobGot: MessageEvent[] = [];
    bob.on('message', (m) => bobGot.push(m));

    server.child.kill('SIGSTOP');
    const noticed = await stateReached(ann, 'reconnecting', 2000);
    expect(noticed).toBeLessThan(700);
    const sends = [ann.send(room, 'sent while the server was frozen'), ann.send(room, 'and another')];
    await sleep(300);
    server.child.kill('SIGCONT');

    const acks = await Promise.all(sends);
    expect(acks.map((a) => a.seq)).toEqual([1, 2]);
    for (let i = 0; i < 100 && bobGot.length < 2; i++) await sleep(20);
    expect(bobGot.map((m) => [m.seq, m.text])).toEqual([
      [1, 'sent while the server was frozen'],
      [2, 'and another'],
    ]);
  });

  it('catches a room up after a restart, giving each missed message once and in order', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-sdk-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let { process: server, url } = await startProcess(dataDir);
    const port = Number(new URL(url).port);
    cleanup.push(async () => {
      server.child.kill('SIGKILL');
      await server.exited;
    });
    const make = () => createClient({ url, WebSocket: WebSocket as unknown as WebSocketConstructor, minReconnectDelayMs: 100, maxReconnectDelayMs: 300 });
    const [ann, bob] = [make(), make()];
    cleanup.push(() => ann.close());
    cleanup.push(() => bob.close());
    for (const [client, phone] of [[ann, '3200001'], [bob, '3200002']] as const) {
      await client.signup({ name: phone, phone, password: 'restart!!' });
      await client.signin({ phone, password: 'restart!!' });
      await client.connect();
    }
    await ann.createRoom('resume');
    await bob.join('resume');
    const bobSeqs: number[] = [];
    bob.on('message', (m) => bobSeqs.push(m.seq));
    await ann.send('resume', 'before');

    // Bob is cut off (the server dies); Ann's messages land while Bob is still reconnecting.
    server.child.kill('SIGKILL');
    await server.exited;
    ({ process: server } = await startProcess(dataDir, port));
    for (let i = 0; i < 5; i++) await ann.send('resume', `while away ${i}`);
    await stateReached(bob, 'open', 5000);
    await ann.send('resume', 'after');
    for (let i = 0; i < 100 && bobSeqs.length < 7; i++) await sleep(20);
    // seq 1 is Bob's join; the seven messages are 2..8.
    expect(bobSeqs).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('SIGTERM while messages stream in', () => {
  it('acknowledges only what it stored, and the SDK delivers the rest after the restart, each message once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-sdk-'));
    let { process: server, url } = await startProcess(dataDir);
    const port = Number(new URL(url).port);
    const client = createClient({ url, WebSocket: WebSocket as unknown as WebSocketConstructor, minReconnectDelayMs: 50, maxReconnectDelayMs: 200 });
    try {
      await client.signup({ name: 'Terry', phone: '3300001', password: 'sigterm!!' });
      await client.signin({ phone: '3300001', password: 'sigterm!!' });
      await client.connect();
      await client.createRoom('shutdown');
      const acked: number[] = [];
      const sends: Promise<void>[] = [];
      const wave = (from: number) => {
        for (let i = from; i < from + 50; i++) sends.push(client.send('shutdown', `m${i}`, `term-${i}`).then((ack) => void acked.push(ack.seq)));
      };
      // Fifty before the signal, fifty racing it, fifty while the server is down.
      wave(0);
      await sleep(5);
      wave(50);
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
      wave(100);
      const ackedBeforeRestart = acked.length;
      ({ process: server } = await startProcess(dataDir, port));
      await Promise.all(sends);
      const history = await client.historyPage('shutdown', { after: 0, limit: 200 });
      expect(history.map((e) => e.seq)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
      expect(new Set(history.map((e) => (e.type === 'message' ? e.clientMsgId : ''))).size).toBe(150);
      expect([...acked].sort((a, b) => a - b)).toEqual(history.map((e) => e.seq));
      expect(ackedBeforeRestart).toBeGreaterThanOrEqual(50);
      expect(ackedBeforeRestart).toBeLessThanOrEqual(100);
    } finally {
      client.close();
      server.child.kill('SIGKILL');
      await server.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
