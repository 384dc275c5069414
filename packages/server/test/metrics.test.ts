import { readFile } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildRoom, buildUser, connect, sendMessage } from './helpers/builders.js';
import { http } from './helpers/http.js';
import { parseMetrics, scrape, total } from './helpers/metrics.js';
import { useServer } from './helpers/server.js';

const token = 'metrics-token-for-the-test-0123';

/** Whether anything accepts a TCP connection at host:port. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('GET /metrics on the main port', () => {
  const server = useServer({ metrics: { token } });

  it('refuses a scrape without the token, or with another one, as unauthorized', async () => {
    const none = await http(server, 'GET', '/metrics');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthorized');
    expect((await http(server, 'GET', '/metrics', { token: `${token}x` })).status).toBe(401);
    expect((await http(server, 'GET', '/metrics', { headers: { authorization: token } })).status).toBe(401);
    expect(none.text).not.toContain('parley_');
  });

  it("serves the Prometheus text format to the token's bearer, with Node's process metrics", async () => {
    const samples = await scrape(`${server.url}/metrics`, token);
    expect(total(samples, 'parley_build_info')).toBe(1);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
    expect(samples.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);
  });

  it('shows the counters moving as people sign in, connect and chat', async () => {
    const before = await scrape(`${server.url}/metrics`, token);
    const ann = await buildUser(server);
    const ben = await buildUser(server);
    expect((await http(server, 'POST', '/api/signin', { body: { phone: ann.phone, password: 'wrong password' } })).status).toBe(401);
    const a = await connect(server, ann);
    const b = await connect(server, ben);
    const room = (await buildRoom(a)).room as string;
    await b.ok({ type: 'join', room });
    for (let i = 0; i < 5; i++) await sendMessage(a, room, `hello ${i}`);
    await b.next((f) => f.type === 'message' && f.text === 'hello 4');
    await a.request({ type: 'join' });
    const after = await scrape(`${server.url}/metrics`, token);
    const moved = (name: string, labels: Record<string, string> = {}) => total(after, name, labels) - total(before, name, labels);

    expect(moved('parley_signins_total', { result: 'success' })).toBe(2);
    expect(moved('parley_signins_total', { result: 'failure' })).toBe(1);
    expect(moved('parley_entries_stored_total', { kind: 'message' })).toBe(5);
    expect(moved('parley_entries_stored_total', { kind: 'join' })).toBe(1);
    expect(moved('parley_ws_frames_received_total', { type: 'message' })).toBe(5);
    expect(moved('parley_ws_frames_received_total', { type: 'invalid' })).toBe(1);
    expect(moved('parley_ws_frames_sent_total', { type: 'message' })).toBeGreaterThanOrEqual(5);
    expect(moved('parley_fanout_deliveries_total')).toBeGreaterThanOrEqual(5);
    expect(moved('parley_fanout_bytes_total')).toBeGreaterThan(5 * 40);
    expect(moved('parley_store_commit_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(moved('parley_store_commit_duration_seconds_count')).toBe(moved('parley_store_commit_batch_size_count'));
    expect(moved('parley_bus_published_total', { type: 'room' })).toBeGreaterThanOrEqual(6);
    expect(moved('parley_http_request_duration_seconds_count', { route: '/api/signin', method: 'POST', status: '200' })).toBe(2);
    expect(moved('parley_http_request_duration_seconds_count', { route: '/api/signin', status: '401' })).toBe(1);
    expect(total(after, 'parley_ws_connections', { state: 'authenticated' })).toBeGreaterThanOrEqual(2);
    expect(total(after, 'parley_ws_connections', { state: 'open' })).toBeGreaterThanOrEqual(2);
  });

  it('labels by route pattern and type, never by room, user or address', async () => {
    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    for (const sample of parseMetrics(text).filter((s) => s.name.startsWith('parley_'))) {
      expect(Object.keys(sample.labels).every((key) => ['type', 'kind', 'state', 'result', 'method', 'route', 'status', 'version', 'le'].includes(key)), JSON.stringify(sample)).toBe(true);
      if (sample.labels.route) expect(sample.labels.route).toMatch(/^(\/[\w:/*-]*|unmatched)$/);
    }
    expect(text).not.toMatch(/room="|user="|phone|127\.0\.0\.1/);
  });

  it('rate-limits wrong tokens from one address', async () => {
    let status = 0;
    for (let i = 0; i < 25 && status !== 429; i++) status = (await http(server, 'GET', '/metrics', { token: `wrong-token-${i}-0123456789` })).status;
    expect(status).toBe(429);
    // The right token waits out the window too: guessing stays slow whatever the guesser knows.
    expect((await http(server, 'GET', '/metrics', { token })).status).toBe(429);
  });
});

describe('the metrics port', () => {
  const server = useServer({ metrics: { port: 0 } });

  it('serves /metrics on 127.0.0.1 without a token, and nothing else', async () => {
    const port = server.metricsPort!;
    expect(port).toBeGreaterThan(0);
    const samples = await scrape(`http://127.0.0.1:${port}/metrics`);
    expect(total(samples, 'parley_build_info')).toBe(1);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('is not reachable at any other address, and the main port has no /metrics without a token', async () => {
    const port = server.metricsPort!;
    expect(await accepts('127.0.0.1', port)).toBe(true);
    expect(await accepts('127.0.0.2', port)).toBe(false);
    expect(await accepts('::1', port)).toBe(false);
    expect((await http(server, 'GET', '/metrics')).status).toBe(404);
  });
});

describe('the metrics port with a token', () => {
  const server = useServer({ metrics: { port: 0, token } });

  it('refuses a scrape without the token', async () => {
    const url = `http://127.0.0.1:${server.metricsPort!}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer nope-nope-nope-nope' } })).status).toBe(401);
    expect(total(await scrape(url, token), 'parley_build_info')).toBe(1);
  });
});

describe('the Grafana dashboard in docs/', () => {
  const server = useServer({ metrics: { port: 0 } });

  it('uses only metrics the server exports', async () => {
    const dashboard = await readFile(new URL('../../../docs/grafana-dashboard.json', import.meta.url), 'utf8');
    JSON.parse(dashboard);
    const used = new Set([...dashboard.matchAll(/\b((?:parley|nodejs|process)_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, '')));
    expect(used.size).toBeGreaterThan(10);
    const text = await (await fetch(`http://127.0.0.1:${server.metricsPort!}/metrics`)).text();
    const exported = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
  });
});
