import type { ConnectionState, ParleyClient } from '@parley/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueRoomName } from '../helpers/builders.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import {
  clientMsgIds,
  closeSdkClients,
  duplicates,
  fullHistory,
  range,
  recordSeqs,
  sdkClient,
  signUp,
  startCluster,
  testServices,
  until,
  type Cluster,
  type ClusterNode,
} from './helpers.js';

const { databaseUrl, redisUrl, skipReason } = testServices();

const perClient = 40;

describe.skipIf(!databaseUrl || !redisUrl)('one node killed with SIGKILL mid-conversation', () => {
  let cluster: Cluster;
  let nodes: [ClusterNode, ClusterNode, ClusterNode];
  // Stands in for the load balancer: clients only know its address.
  const balancer = new TcpProxy([]);

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 3, databaseUrl: databaseUrl!, redisUrl: redisUrl! });
    nodes = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
    await balancer.start();
  }, 60_000);

  afterAll(async () => {
    closeSdkClients();
    await balancer.cut();
    await cluster?.stop();
  });

  it('its clients reconnect through the balancer to the other nodes and resume with nothing lost, nothing twice', async () => {
    const [a, b, c] = nodes;
    const url = `http://127.0.0.1:${balancer.port}`;
    // Two clients on node A (the one that dies), one each on B and C.
    const homes = [a, a, b, c];
    const users = [];
    for (const home of homes) users.push(await signUp(home));
    const clients: ParleyClient[] = [];
    for (const [i, home] of homes.entries()) {
      balancer.targets = [{ host: '127.0.0.1', port: home.port }];
      const client = sdkClient(url, users[i]!.token);
      await client.connect();
      clients.push(client);
    }
    const room = uniqueRoomName('Survivors');
    await clients[0]!.createRoom(room);
    for (const client of clients.slice(1)) await client.join(room);
    const baseline = clients.length - 1; // the joins
    const received = clients.map((client) => recordSeqs(client, room, baseline));
    const states = clients.map(() => [] as ConnectionState[]);
    clients.forEach((client, i) => client.on('state', (change) => states[i]!.push(change.state)));

    // Each client sends its messages one after the other, each as soon as the last was acknowledged.
    const acks = new Map<string, number>();
    const acked = clients.map(() => 0);
    const conversation = Promise.all(
      clients.map(async (client, c) => {
        for (let i = 0; i < perClient; i++) {
          const ack = await client.send(room, `client ${c} message ${i}`, `c${c}-${i}`);
          acks.set(ack.clientMsgId, ack.seq);
          acked[c]! += 1;
        }
      }),
    );
    await until(() => acked[0]! >= perClient / 4 && acked[1]! >= perClient / 4, "node A's clients are a quarter through");
    balancer.targets = [b, c].map((node) => ({ host: '127.0.0.1', port: node.port }));
    await a.kill('SIGKILL');
    expect(acked.every((n) => n < perClient), 'every client was still talking when node A died').toBe(true);
    await conversation;

    // The clients of node A lost their connection and resumed through the others.
    expect(states[0]).toContain('reconnecting');
    expect(states[1]).toContain('reconnecting');
    expect(clients.map((client) => client.state)).toEqual(['open', 'open', 'open', 'open']);

    const total = baseline + clients.length * perClient;
    const history = await fullHistory(url, users[2]!.token, room);
    expect(history.map((e) => e.seq)).toEqual(range(1, total));
    const ids = clientMsgIds(history);
    expect(duplicates(ids)).toEqual([]);
    expect(ids.sort()).toEqual([...acks.keys()].sort());
    for (const entry of history) if (entry.type === 'message') expect(acks.get(entry.clientMsgId)).toBe(entry.seq);

    await until(() => received.every((seqs) => seqs.length >= total - baseline), 'every client has every message');
    for (const seqs of received) expect(seqs).toEqual(range(baseline + 1, total));
  });
});

if (!databaseUrl || !redisUrl) {
  describe('one node killed with SIGKILL mid-conversation', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}
