/**
 * The attacker's side: closed loops that send the next request as soon as the last one is
 * answered, over WebSocket (at most `maxPerSecond` frames a second per socket, just under the
 * server's per-connection frame limit, which would otherwise close the socket) and over HTTP
 * (keep-alive, no pacing: HTTP has no per-connection limit, only the per-user budgets).
 */
import { Agent, request } from 'node:http';
import WebSocket from 'ws';

/** What one kind of attacker request achieved. */
export interface AttackTally {
  what: string;
  sent: number;
  ok: number;
  rateLimited: number;
  /** Other refusals (quota_exceeded, say), by code. */
  other: Record<string, number>;
  /** Connections the server closed on the attacker. */
  closed: number;
}

export function tally(what: string): AttackTally {
  return { what, sent: 0, ok: 0, rateLimited: 0, other: {}, closed: 0 };
}

function count(t: AttackTally, code: string | null): void {
  if (code === null) t.ok++;
  else if (code === 'rate_limited') t.rateLimited++;
  else t.other[code] = (t.other[code] ?? 0) + 1;
}

interface Reply {
  type: string;
  code?: string;
  /** The frame's text, instead of its fields, for replies too big to be worth parsing. */
  raw?: string;
  [key: string]: unknown;
}

/** An authenticated attacker socket with request/reply by frame id. */
export class AttackSocket {
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private nextId = 1;
  closed = false;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = String(data);
      // A big reply (a history page) is not parsed: the attacker's core also runs the bystander,
      // so the attacker spends as little as it can. The server writes type and id first.
      const frame: Reply & { id?: unknown } = text.length < 16_384 ? JSON.parse(text) : { type: /^\{"type":"(\w+)"/.exec(text)?.[1] ?? 'unknown', id: Number(/"id":(\d+)/.exec(text.slice(0, 100))?.[1]), raw: text };
      if (typeof frame.id !== 'number') return;
      this.waiting.get(frame.id)?.(frame);
      this.waiting.delete(frame.id);
    });
    ws.on('close', () => {
      this.closed = true;
      for (const resolve of this.waiting.values()) resolve({ type: 'error', code: 'closed' });
      this.waiting.clear();
    });
  }

  static async open(port: number, token: string, localAddress: string): Promise<AttackSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { localAddress, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      ws.once('open', resolve);
    });
    const socket = new AttackSocket(ws);
    const auth = await socket.request({ type: 'auth', token });
    if (auth.type !== 'ok') throw new Error(`attacker auth: ${JSON.stringify(auth)}`);
    return socket;
  }

  request(frame: Record<string, unknown>): Promise<Reply> {
    if (this.closed) return Promise.resolve({ type: 'error', code: 'closed' });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ ...frame, id }));
    });
  }

  close(): void {
    this.ws.terminate();
  }
}

/**
 * Sends `frame()` on `socket` until `until` (performance.now() time), the next once the last is
 * answered and at most `maxPerSecond` a second; `onOk` sees each successful reply.
 */
export async function socketLoop(socket: AttackSocket, t: AttackTally, until: number, maxPerSecond: number, frame: () => Record<string, unknown>, onOk?: (reply: Reply) => void): Promise<void> {
  const gapMs = 1000 / maxPerSecond;
  let next = performance.now();
  while (performance.now() < until && !socket.closed) {
    const wait = next - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    next = Math.max(next + gapMs, performance.now());
    t.sent++;
    const reply = await socket.request(frame());
    if (reply.code === 'closed') {
      t.sent--;
      t.closed++;
      break;
    }
    count(t, reply.type === 'ok' ? null : (reply.code ?? 'unknown'));
    if (reply.type === 'ok') onOk?.(reply);
  }
}

/** GETs `path()` with the token until `until`, back to back; `onOk` sees each 200's JSON. */
export async function httpLoop(port: number, token: string, agent: Agent, t: AttackTally, until: number, path: () => string, onOk?: (body: unknown) => void): Promise<void> {
  while (performance.now() < until) {
    t.sent++;
    const { status, body } = await get(port, token, agent, path());
    if (status === 200) {
      count(t, null);
      onOk?.(JSON.parse(body));
    } else {
      let code = `http_${status}`;
      try {
        code = (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? code;
      } catch {
        // Not JSON: the status is the code.
      }
      count(t, code);
    }
  }
}

function get(port: number, token: string, agent: Agent, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', (error) => resolve({ status: 0, body: JSON.stringify({ code: `socket: ${error.message}` }) }));
    req.end();
  });
}
