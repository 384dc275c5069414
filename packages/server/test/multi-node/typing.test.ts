import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueRoomName } from '../helpers/builders.js';
import { closeAllSockets, type Frame } from '../helpers/socket.js';
import { connectRaw, signUp, startCluster, testServices, type Cluster, type ClusterNode } from './helpers.js';

const { databaseUrl, redisUrl } = testServices();

describe.skipIf(!databaseUrl || !redisUrl)('typing and read markers across two nodes over Redis', () => {
  let cluster: Cluster;
  let a: ClusterNode;
  let b: ClusterNode;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, databaseUrl: databaseUrl!, redisUrl: redisUrl! });
    [a, b] = cluster.nodes as [ClusterNode, ClusterNode];
  }, 60_000);

  afterAll(async () => {
    closeAllSockets();
    await cluster?.stop();
  });

  it('shows typing on node A to a member on node B, and ends it by a message and by disconnect', async () => {
    const [ann, ben] = [await signUp(a), await signUp(b)];
    const annA = await connectRaw(a, ann.token);
    const { room } = await annA.ok({ type: 'create_room', room: uniqueRoomName('Typing') });
    const benB = await connectRaw(b, ben.token);
    await benB.ok({ type: 'join', room });
    const typingIn = (f: Frame) => f.type === 'typing' && f.room === room;

    await annA.ok({ type: 'typing', room, typing: true });
    expect(await benB.next(typingIn)).toEqual({ type: 'typing', room, users: [{ name: ann.name, phone: ann.phone }] });
    // Ann's message, sent from her session on node B, ends the typing she started on node A.
    const annB = await connectRaw(b, ann.token);
    await annB.ok({ type: 'message', room, text: 'hi', clientMsgId: 'typing-hi' });
    expect(await benB.next(typingIn)).toEqual({ type: 'typing', room, users: [] });

    await annA.ok({ type: 'typing', room, typing: true });
    expect(await benB.next(typingIn)).toMatchObject({ users: [{ phone: ann.phone }] });
    await annA.close();
    expect(await benB.next(typingIn)).toEqual({ type: 'typing', room, users: [] });
  });

  it('moves one’s unread count on another node when one reads on this one', async () => {
    const [ann, ben] = [await signUp(a), await signUp(b)];
    const benB = await connectRaw(b, ben.token);
    const { room } = await benB.ok({ type: 'create_room', room: uniqueRoomName('Reads') });
    const annA = await connectRaw(a, ann.token);
    await annA.ok({ type: 'join', room });
    const annB = await connectRaw(b, ann.token);
    const ack = await benB.ok({ type: 'message', room, text: 'read me', clientMsgId: 'read-me' });
    await annA.next((f) => f.type === 'message' && f.seq === ack.seq);
    await annA.ok({ type: 'read', room, seq: ack.seq });
    expect(await annB.next((f) => f.type === 'read')).toEqual({ type: 'read', room, seq: ack.seq });
  });
});
