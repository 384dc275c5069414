import type { ParleyClient } from '@parley/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueRoomName } from '../helpers/builders.js';
import { scrape, total, type Sample } from '../helpers/metrics.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { closeSdkClients, recordSeqs, sdkClient, signUp, startCluster, testServices, until, type Cluster, type ClusterNode } from './helpers.js';

const { databaseUrl, redisUrl, skipReason } = testServices();

/**
 * Two nodes with a metrics port each, their Redis behind a proxy that can be cut. /metrics is
 * scraped as they chat, then while both are cut off from the bus: each node only learns of the
 * other's messages from PostgreSQL, and its gap-repair counters say so.
 */
describe.skipIf(!databaseUrl || !redisUrl)('metrics of a cluster', () => {
  let proxy: TcpProxy;
  let cluster: Cluster;
  let a: ClusterNode;
  let b: ClusterNode;
  let annA: ParleyClient;
  let benB: ParleyClient;
  let benSeqs: number[];
  const room = uniqueRoomName('Metrics');
  const metricsUrl = (node: ClusterNode) => `http://127.0.0.1:${/Metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(node.process.stdout())![1]}/metrics`;
  const scrapeNode = (node: ClusterNode) => scrape(metricsUrl(node));

  beforeAll(async () => {
    const target = new URL(redisUrl!);
    proxy = new TcpProxy([{ host: target.hostname, port: Number(target.port || 6379) }]);
    await proxy.start();
    cluster = await startCluster({
      nodes: 2,
      databaseUrl: databaseUrl!,
      redisUrl: `redis://127.0.0.1:${proxy.port}`,
      cleanupRedisUrl: redisUrl!,
      logLevel: 'info',
      extraArgs: ['--metrics-port', '0'],
    });
    [a, b] = cluster.nodes as [ClusterNode, ClusterNode];
    const ann = await signUp(a);
    const ben = await signUp(b);
    annA = sdkClient(a.url, ann.token);
    benB = sdkClient(b.url, ben.token);
    await annA.connect();
    await benB.connect();
    await annA.createRoom(room);
    await benB.join(room);
    benSeqs = recordSeqs(benB, room, 1); // after Ben's join, the room's first entry
  }, 60_000);

  afterAll(async () => {
    closeSdkClients();
    await cluster?.stop();
    await proxy?.cut();
  });

  it('shows the counters moving on both nodes as messages cross the bus', async () => {
    const before: Sample[][] = [await scrapeNode(a), await scrapeNode(b)];
    for (let i = 0; i < 5; i++) await annA.send(room, `over the bus ${i}`, `bus-${i}`);
    await until(() => benSeqs.length >= 5, 'Ben on node B has the five messages');
    const after = [await scrapeNode(a), await scrapeNode(b)];
    const moved = (node: 0 | 1, name: string, labels: Record<string, string> = {}) => total(after[node]!, name, labels) - total(before[node]!, name, labels);
    expect(moved(0, 'parley_entries_stored_total', { kind: 'message' })).toBe(5);
    expect(moved(0, 'parley_ws_frames_received_total', { type: 'message' })).toBe(5);
    expect(moved(0, 'parley_store_commit_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(moved(0, 'parley_bus_published_total', { type: 'room' })).toBe(5);
    expect(moved(1, 'parley_bus_received_total', { type: 'room' })).toBe(5);
    expect(moved(1, 'parley_fanout_deliveries_total')).toBeGreaterThanOrEqual(5);
    expect(total(after[1]!, 'parley_ws_connections', { state: 'authenticated' })).toBe(1);
    expect(moved(1, 'parley_sequencer_repaired_entries_total')).toBe(0);
  });

  it('shows the gap-repair counters rising on a node cut off from the bus', async () => {
    const before = await scrapeNode(b);
    await proxy.cut();
    const sent = benSeqs.length;
    // Node B hears nothing of these; it finds them in PostgreSQL once Ben's own message leaves a gap.
    for (let i = 0; i < 4; i++) await annA.send(room, `while cut off ${i}`, `cut-${i}`);
    await benB.send(room, 'from B while cut off', 'cut-b');
    await until(() => benSeqs.length >= sent + 5, 'Ben has every message sent while the bus was cut', 15_000);
    // The node waits a moment for late publications before it reads the gap back (250 ms).
    const repaired = async () => total(await scrapeNode(b), 'parley_sequencer_repaired_entries_total') - total(before, 'parley_sequencer_repaired_entries_total');
    await until(async () => (await repaired()) >= 4, 'node B read the four missed messages back from PostgreSQL', 10_000);
    const during = await scrapeNode(b);
    expect(total(during, 'parley_sequencer_gap_fills_total')).toBeGreaterThan(total(before, 'parley_sequencer_gap_fills_total'));
    expect(total(during, 'parley_bus_publish_failures_total')).toBeGreaterThan(total(before, 'parley_bus_publish_failures_total'));

    await proxy.restore();
    await until(async () => total(await scrapeNode(b), 'parley_bus_reconnects_total') > total(before, 'parley_bus_reconnects_total'), 'node B counts its reconnection to Redis', 15_000);
  });
});

if (!databaseUrl || !redisUrl) {
  describe('metrics of a cluster', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}
