import { describe, expect, it } from 'vitest';
import { RawSocket, type Frame } from '../helpers/socket.js';
import { signUp, testServices, until, useTwoNodes, type ClusterNode } from './helpers.js';

const services = testServices();
const { databaseUrl, redisUrl, skipReason } = services;

/** Opens `count` sockets to the node and sends each an auth at once; the sockets with their replies. */
async function authenticateAtOnce(node: ClusterNode, token: string, count: number): Promise<{ socket: RawSocket; reply: Frame }[]> {
  const sockets = await Promise.all(Array.from({ length: count }, () => RawSocket.open(node.wsUrl)));
  return Promise.all(sockets.map(async (socket) => ({ socket, reply: await socket.request({ type: 'auth', token }) })));
}

describe.skipIf(!databaseUrl || !redisUrl)('connections per user across nodes', () => {
  const nodes = useTwoNodes(services);

  it('admits 20 of 40 connections opened at the same moment on two nodes, and counts the places freed on either', async () => {
    const { a, b } = nodes;
    const user = await signUp(a);
    const results = (await Promise.all([authenticateAtOnce(a, user.token, 20), authenticateAtOnce(b, user.token, 20)])).flat();
    const accepted = results.filter((r) => r.reply.type === 'ok');
    const refused = results.filter((r) => r.reply.type !== 'ok');
    expect(accepted).toHaveLength(20);
    expect(refused.every((r) => r.reply.code === 'rate_limited')).toBe(true);
    for (const { socket } of refused) expect((await socket.waitClosed()).code).toBe(4529);

    // Three places come free, on whichever nodes they were: three more get in, anywhere.
    for (const { socket } of accepted.slice(0, 3)) await socket.close();
    let admitted = 0;
    await until(async () => {
      const [tryA, tryB] = await Promise.all([authenticateAtOnce(a, user.token, 1), authenticateAtOnce(b, user.token, 1)]);
      admitted += [...tryA, ...tryB].filter((r) => r.reply.type === 'ok').length;
      return admitted >= 3;
    }, 'three more connections are admitted', 5000, 100);
    expect(admitted).toBe(3);
    const [extraA, extraB] = await Promise.all([authenticateAtOnce(a, user.token, 1), authenticateAtOnce(b, user.token, 1)]);
    expect([...extraA, ...extraB].map((r) => r.reply.code)).toEqual(['rate_limited', 'rate_limited']);
  }, 60_000);
});

if (!databaseUrl || !redisUrl) {
  describe('connections per user across nodes', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}
