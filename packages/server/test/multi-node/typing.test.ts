import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueRoomName } from '../helpers/builders.js';
import { closeAllSockets, type Frame } from '../helpers/socket.js';
import { presenceAbout } from '../helpers/presence.js';
import { api, connectRaw, signUp, startCluster, testServices, type Cluster, type ClusterNode } from './helpers.js';

const { databaseUrl, redisUrl } = testServices();

describe.skipIf(!databaseUrl || !redisUrl)('typing, read markers, receipts and presence across two nodes over Redis', () => {
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

  it('tells a member on node B how far one read on node A, and stops when one turns receipts off there', async () => {
    const [ann, ben] = [await signUp(a), await signUp(b)];
    const annA = await connectRaw(a, ann.token);
    const { room } = await annA.ok({ type: 'create_room', room: uniqueRoomName('Receipts') });
    const benB = await connectRaw(b, ben.token);
    await benB.ok({ type: 'join', room });
    const first = await benB.ok({ type: 'message', room, text: 'read this', clientMsgId: 'receipt-1' });
    await annA.ok({ type: 'read', room, seq: first.seq });
    expect(await benB.next((f) => f.type === 'receipt')).toEqual({ type: 'receipt', room, phone: ann.phone, seq: first.seq });
    // Turned off over HTTP on node B. Events from one node keep their order, so once Ann sees
    // Ben's next message (published on B after the setting) node A knows the setting too.
    expect((await api(b, 'PATCH', '/api/me', { token: ann.token, body: { readReceipts: false } })).status).toBe(200);
    const second = await benB.ok({ type: 'message', room, text: 'and this', clientMsgId: 'receipt-2' });
    await annA.next((f) => f.type === 'message' && f.seq === second.seq);
    await annA.ok({ type: 'read', room, seq: second.seq });
    // Likewise Ann's next message reaches B after any receipt her read would have sent.
    const third = await annA.ok({ type: 'message', room, text: 'unseen', clientMsgId: 'receipt-3' });
    await benB.next((f) => f.type === 'message' && f.seq === third.seq);
    expect(benB.log.filter((f) => f.type === 'receipt').map((f) => f.seq)).toEqual([first.seq]);
    expect((await api(a, 'GET', `/api/rooms/${encodeURIComponent(room)}/receipts`, { token: ben.token })).body.receipts).toEqual([]);
  });

  it('announces each change of presence whichever node saw the one before', async () => {
    const [ann, ben] = [await signUp(a), await signUp(b)];
    const benB = await connectRaw(b, ben.token);
    const { room } = await benB.ok({ type: 'create_room', room: uniqueRoomName('Presence') });
    const joining = await connectRaw(a, ann.token);
    await joining.ok({ type: 'join', room });
    const about = (online: boolean) => presenceAbout(ann.phone, { online });
    await joining.close();
    await benB.next(about(false), 5000);
    const annA = await connectRaw(a, ann.token);
    await benB.next(about(true), 5000);
    // Online as node A said; offline as node B says (her last session was there); online again on A.
    const annB = await connectRaw(b, ann.token);
    await annA.close();
    await annB.close();
    await benB.next(about(false), 5000);
    await connectRaw(a, ann.token);
    await benB.next(about(true), 5000);
  });
});
