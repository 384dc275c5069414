/**
 * The bystander: a separate account on its own event loop (a worker thread, so that the
 * attackers' callbacks in the main thread cannot delay its timers) that sends a WebSocket `ping`
 * frame and a GET /api/health every `intervalMs`, open loop, and times each answer from when it
 * was due: a request that the bystander itself sent late counts its lateness as latency.
 */
import { Agent, request } from 'node:http';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { Latency, type LatencySummary } from '../load/latency.js';

export interface BystanderOptions {
  port: number;
  token: string;
  /** A loopback address of its own, so that the attacker's connections do not count against its cap. */
  localAddress: string;
  intervalMs: number;
}

export interface BystanderReport {
  ping: LatencySummary;
  /** The same pings timed from when they actually went out: the server's part when the bystander itself was late. */
  pingFromSend: LatencySummary;
  health: LatencySummary;
  /** Pings and health checks not answered by the end (each counted in its histogram at the wait so far). */
  unanswered: number;
  /** How late the bystander sent, p99 (ms): above a few ms, core 1 was too busy for its figures to be the server's alone. */
  sendLagP99: number;
}

/** A running bystander: `measure` times a window (nothing else is kept); `stop` closes it. */
export interface Bystander {
  measure(durationMs: number): Promise<BystanderReport>;
  stop(): Promise<void>;
}

/** Starts the bystander in a worker thread and resolves once its socket is authenticated. */
export async function startBystander(options: BystanderOptions): Promise<Bystander> {
  // The worker loads this file through tsx's loader, which a worker does not inherit.
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: options });
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const ready = (await next()) as { ready: true } | { error: string };
  if ('error' in ready) throw new Error(`bystander: ${ready.error}`);
  return {
    async measure(durationMs) {
      worker.postMessage({ measureMs: durationMs });
      return (await next()) as BystanderReport;
    },
    async stop() {
      await worker.terminate();
    },
  };
}

async function runWorker(options: BystanderOptions): Promise<void> {
  const port = parentPort!;
  const agent = new Agent({ keepAlive: true, maxSockets: 8, localAddress: options.localAddress });
  const ws = new WebSocket(`ws://127.0.0.1:${options.port}/ws`, { localAddress: options.localAddress, perMessageDeflate: false });
  const pending = new Map<number, { due: number; sent: number }>();
  let window: { ping: Latency; pingFromSend: Latency; health: Latency; lag: Latency; unanswered: number } | null = null;
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { type: string; id?: unknown };
    if (typeof frame.id !== 'number') return;
    const times = pending.get(frame.id);
    if (times === undefined) return;
    pending.delete(frame.id);
    const now = performance.now();
    window?.ping.recordMs(now - times.due);
    window?.pingFromSend.recordMs(now - times.sent);
  });
  const authed = await new Promise<string | null>((resolve) => {
    ws.once('error', (error) => resolve(error.message));
    ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', id: 'auth', token: options.token })));
    ws.once('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string };
      resolve(frame.type === 'ok' ? null : JSON.stringify(frame));
    });
  });
  if (authed !== null) return void port.postMessage({ error: authed });
  port.postMessage({ ready: true });

  let nextId = 1;
  const health = (due: number, done: () => void) => {
    const req = request({ host: '127.0.0.1', port: options.port, path: '/api/health', agent }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 200) window?.health.recordMs(performance.now() - due);
        done();
      });
    });
    req.on('error', done);
    req.end();
  };
  port.on('message', ({ measureMs }: { measureMs: number }) => {
    const current = { ping: new Latency(), pingFromSend: new Latency(), health: new Latency(), lag: new Latency(), unanswered: 0 };
    window = current;
    const start = performance.now();
    const inFlightHealth = new Set<number>();
    let i = 0;
    const tick = () => {
      const now = performance.now();
      // Everything due by now goes out now, each timed from its own due time.
      for (let due = start + i * options.intervalMs; due <= now && due < start + measureMs; due = start + ++i * options.intervalMs) {
        current.lag.recordMs(now - due);
        const id = nextId++;
        pending.set(id, { due, sent: now });
        ws.send(JSON.stringify({ type: 'ping', id }));
        inFlightHealth.add(due);
        health(due, () => inFlightHealth.delete(due));
      }
      if (start + i * options.intervalMs < start + measureMs) setTimeout(tick, Math.max(0, start + i * options.intervalMs - performance.now()));
      else setTimeout(finish, 1000);
    };
    const finish = () => {
      const end = performance.now();
      for (const { due, sent } of pending.values()) {
        current.ping.recordMs(end - due);
        current.pingFromSend.recordMs(end - sent);
      }
      for (const due of inFlightHealth) current.health.recordMs(end - due);
      current.unanswered = pending.size + inFlightHealth.size;
      pending.clear();
      window = null;
      const report: BystanderReport = { ping: current.ping.summary(), pingFromSend: current.pingFromSend.summary(), health: current.health.summary(), unanswered: current.unanswered, sendLagP99: current.lag.summary().p99 };
      port.postMessage(report);
    };
    tick();
  });
}

if (!isMainThread && (workerData as { port?: number } | null)?.port) void runWorker(workerData as BystanderOptions);
