import { afterAll, beforeAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createClient, type ClientOptions, type HistoryEntry, type ParleyClient, type WebSocketConstructor } from '@parley/client';
import { Redis } from 'ioredis';
import pg from 'pg';
import WebSocket from 'ws';
import { uniquePhone } from '../helpers/builders.js';
import { historyPath } from '../helpers/http.js';
export { freePort, startPrivateRedis, type PrivateRedis } from '../helpers/ports.js';
import { runServerProcess, type ServerProcess } from '../helpers/process.js';
import { RawSocket, closeAllSockets } from '../helpers/socket.js';

export { testServices } from '../helpers/services.js';

/** One server process of a cluster. */
export interface ClusterNode {
  readonly name: string;
  readonly url: string;
  readonly wsUrl: string;
  readonly port: number;
  readonly process: ServerProcess;
  /** Sends the signal and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface ClusterOptions {
  /** How many nodes (2 or 3 in these tests). */
  nodes: number;
  databaseUrl: string;
  redisUrl: string;
  /** The nodes' --log-level (default error); info shows events such as a finished repair on stderr. */
  logLevel?: 'info' | 'error';
  /** More arguments for every node, e.g. ['--metrics-port', '0']. */
  extraArgs?: string[];
}

/**
 * Two nodes over the test services for the tests of a describe block: started before its first
 * test, stopped (with every socket the tests opened) after its last. Read `a` and `b` in tests.
 */
export function useTwoNodes(services: { databaseUrl?: string | undefined; redisUrl?: string | undefined }): { readonly a: ClusterNode; readonly b: ClusterNode } {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, databaseUrl: services.databaseUrl!, redisUrl: services.redisUrl! });
  }, 60_000);
  afterAll(async () => {
    closeAllSockets();
    await cluster?.stop();
  });
  const node = (i: number) => cluster?.nodes[i] ?? failNoCluster();
  return {
    get a() {
      return node(0);
    },
    get b() {
      return node(1);
    },
  };
}

function failNoCluster(): never {
  throw new Error('the two nodes are not running (read them inside a test)');
}

/** Several Parley processes sharing one fresh PostgreSQL schema and one fresh Redis key prefix. */
export interface Cluster {
  readonly nodes: ClusterNode[];
  readonly schema: string;
  readonly prefix: string;
  /** Stops every node still running, then drops the schema and the Redis keys of this run. */
  stop(): Promise<void>;
}

/**
 * Starts the nodes in parallel (migrations take an advisory lock, so they do not collide). Each run
 * gets its own schema `parley_test_<hex>` and key prefix, so runs never see each other's data.
 * `cleanupDatabaseUrl`/`cleanupRedisUrl` reach the services directly when the nodes go through
 * a proxy or a private Redis.
 */
export async function startCluster(options: ClusterOptions & { cleanupDatabaseUrl?: string; cleanupRedisUrl?: string }): Promise<Cluster> {
  const run = randomBytes(6).toString('hex');
  const schema = `parley_test_${run}`;
  const prefix = `parley_test_${run}:`;
  const nodes: ClusterNode[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.kill('SIGTERM')));
    await dropSchema(options.cleanupDatabaseUrl ?? options.databaseUrl, schema);
    await deleteRedisKeys(options.cleanupRedisUrl ?? options.redisUrl, prefix).catch(() => {});
  };
  const started = await Promise.allSettled(
    Array.from({ length: options.nodes }, (_, i) => startNode(String.fromCharCode(65 + i), options.databaseUrl, schema, options.redisUrl, prefix, options.logLevel ?? 'error', options.extraArgs ?? [])),
  );
  for (const result of started) if (result.status === 'fulfilled') nodes.push(result.value);
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { nodes, schema, prefix, stop };
}

async function startNode(name: string, databaseUrl: string, schema: string, redisUrl: string, prefix: string, logLevel: string, extraArgs: string[]): Promise<ClusterNode> {
  const child = runServerProcess([
    '--port', '0',
    '--host', '127.0.0.1',
    '--database-url', databaseUrl,
    '--database-schema', schema,
    '--redis-url', redisUrl,
    '--redis-prefix', prefix,
    // Offline is announced after a grace period; tests wait a fraction of a second, not 30 s.
    '--presence-grace-seconds', '0.2',
    '--log-level', logLevel,
    ...extraArgs,
  ]);
  let match: RegExpMatchArray;
  try {
    match = await child.waitForOutput(/listening on http:\/\/127\.0\.0\.1:(\d+)/, 20_000);
  } catch (error) {
    child.child.kill('SIGKILL');
    throw error;
  }
  const port = Number(match[1]);
  const url = `http://127.0.0.1:${port}`;
  return {
    name,
    url,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    port,
    process: child,
    async kill(signal = 'SIGTERM') {
      if (child.child.exitCode !== null || child.child.signalCode !== null) return;
      child.child.kill(signal);
      // A node that does not finish a graceful stop in time is killed.
      const timer = setTimeout(() => child.child.kill('SIGKILL'), 5000);
      await child.exited;
      clearTimeout(timer);
    },
  };
}

async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

// Users and connections -----------------------------------------------------------------------

/** A signed-up, signed-in user. */
export interface NodeUser {
  name: string;
  phone: string;
  password: string;
  token: string;
}

export interface ApiReply {
  status: number;
  body: any;
}

/** One HTTP request to a node (or to a proxy in front of nodes). */
export async function api(base: { url: string } | string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<ApiReply> {
  const url = typeof base === 'string' ? base : base.url;
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${url}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** Signs a user up on one node and in on another (any node serves any account). */
export async function signUp(signUpOn: { url: string }, signInOn: { url: string } = signUpOn, name = 'User'): Promise<NodeUser> {
  const phone = uniquePhone();
  const password = 'multi-node password';
  const signup = await api(signUpOn, 'POST', '/api/signup', { body: { name: `${name} ${phone.slice(-4)}`, phone, password } });
  if (signup.status !== 201) throw new Error(`signup answered ${signup.status} ${JSON.stringify(signup.body)}`);
  const token = await signIn(signInOn, phone, password);
  return { name: signup.body.user.name as string, phone, password, token };
}

/** A new token (a new session) for an existing account. */
export async function signIn(node: { url: string }, phone: string, password: string): Promise<string> {
  const signin = await api(node, 'POST', '/api/signin', { body: { phone, password } });
  if (signin.status !== 200) throw new Error(`signin answered ${signin.status} ${JSON.stringify(signin.body)}`);
  return signin.body.token as string;
}

/** A raw WebSocket to the node, authenticated with the token. */
export async function connectRaw(node: { wsUrl: string }, token: string): Promise<RawSocket> {
  const socket = await RawSocket.open(node.wsUrl);
  const reply = await socket.request({ type: 'auth', token, id: 'auth' });
  if (reply.type !== 'ok') throw new Error(`auth answered ${JSON.stringify(reply)}`);
  return socket;
}

/** Makes every two of these users contacts (a private chat between them), so that adding one adds them. */
export async function makeContacts(node: { wsUrl: string }, ...users: NodeUser[]): Promise<void> {
  for (const [i, user] of users.entries()) {
    if (i === users.length - 1) break;
    const socket = await connectRaw(node, user.token);
    for (const other of users.slice(i + 1)) await socket.ok({ type: 'private', phone: other.phone });
    await socket.close();
  }
}

const clients = new Set<ParleyClient>();

/** An SDK client (not yet connected) with quick reconnects, so that recoveries fit in a test. */
export function sdkClient(url: string, token: string, options: Partial<ClientOptions> = {}): ParleyClient {
  const client = createClient({
    url,
    token,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    minReconnectDelayMs: 50,
    maxReconnectDelayMs: 400,
    requestTimeoutMs: 3000,
    ...options,
  });
  clients.add(client);
  return client;
}

/** A `ws` WebSocket class for the SDK that also records every frame the server sends (parsed). */
export function recordingWebSocket(frames: Record<string, unknown>[]): WebSocketConstructor {
  class RecordingWebSocket extends WebSocket {
    constructor(address: string) {
      super(address);
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string') frames.push(JSON.parse(event.data) as Record<string, unknown>);
      });
    }
  }
  return RecordingWebSocket as unknown as WebSocketConstructor;
}

/** Closes every SDK client made by `sdkClient`. */
export function closeSdkClients(): void {
  for (const client of clients) client.close();
  clients.clear();
}

// Checks --------------------------------------------------------------------------------------

/** Polls `check` until it returns true; fails with `what` when the time is up. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000, everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The room's whole history, oldest first, paged over HTTP with `after`. */
export async function fullHistory(base: { url: string } | string, token: string, room: string): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  for (;;) {
    const after = entries.at(-1)?.seq ?? 0;
    const page = await api(base, 'GET', historyPath(room, { after, limit: 200 }), { token });
    if (page.status !== 200) throw new Error(`history answered ${page.status} ${JSON.stringify(page.body)}`);
    const messages = page.body.messages as HistoryEntry[];
    entries.push(...messages);
    if (messages.length < 200) return entries;
  }
}

/** `from`, `from + 1`, …, `to`. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** The clientMsgIds of the message entries, in order. */
export function clientMsgIds(entries: readonly HistoryEntry[]): string[] {
  return entries.flatMap((e) => (e.type === 'message' ? [e.clientMsgId] : []));
}

/** Each value that occurs more than once. */
export function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const twice = new Set<T>();
  for (const value of values) (seen.has(value) ? twice : seen).add(value);
  return [...twice];
}

/** Records the seqs of one room an SDK client delivers (messages and stored system events), in delivery order. */
export function recordSeqs(client: ParleyClient, room: string, after = 0): number[] {
  const seqs: number[] = [];
  client.on('message', (m) => {
    if (m.room === room && m.seq > after) seqs.push(m.seq);
  });
  client.on('system', (e) => {
    if (e.room === room && e.event !== 'delete' && e.seq > after) seqs.push(e.seq);
  });
  return seqs;
}
