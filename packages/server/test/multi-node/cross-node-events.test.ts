import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionState } from '@parley/client';
import { uniqueRoomName } from '../helpers/builders.js';
import { beginTestScope, closeAllSockets, endTestScope, type Frame } from '../helpers/socket.js';
import { presenceAbout, presenceOf } from '../helpers/presence.js';
import {
  api,
  closeSdkClients,
  connectRaw,
  fullHistory,
  makeContacts,
  sdkClient,
  signIn,
  signUp,
  startCluster,
  testServices,
  until,
  type Cluster,
  type ClusterNode,
} from './helpers.js';

const { databaseUrl, redisUrl, skipReason } = testServices();

const isSystem = (event: string, room: string) => (f: Frame) => f.type === 'system' && f.event === event && f.room === room;
const isMessage = (room: string, seq: number) => (f: Frame) => f.type === 'message' && f.room === room && f.seq === seq;
const isPresence = (phone: string, online: boolean) => presenceAbout(phone, { online });

describe.skipIf(!databaseUrl || !redisUrl)('three nodes sharing PostgreSQL and Redis', () => {
  let cluster: Cluster;
  let a: ClusterNode;
  let b: ClusterNode;
  let c: ClusterNode;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 3, databaseUrl: databaseUrl!, redisUrl: redisUrl! });
    [a, b, c] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
  }, 60_000);

  afterAll(async () => {
    closeSdkClients();
    closeAllSockets();
    await cluster?.stop();
  });

  // Each test's sockets close when it ends, so one test's sessions (presence) do not leak into the next.
  beforeEach(() => beginTestScope());
  afterEach(async () => {
    closeSdkClients();
    await endTestScope();
  });

  it('delivers a message sent on node A to members connected to nodes B and C, and the other way round', async () => {
    const [alice, bob, carol] = [await signUp(a), await signUp(b), await signUp(c)];
    const aliceA = await connectRaw(a, alice.token);
    const { room } = await aliceA.ok({ type: 'create_room', room: uniqueRoomName('Fan-out') });
    const bobB = await connectRaw(b, bob.token);
    await bobB.ok({ type: 'join', room });
    const carolC = await connectRaw(c, carol.token);
    await carolC.ok({ type: 'join', room });
    // Alice's second session, on another node, is a member's connection too.
    const aliceC = await connectRaw(c, alice.token);

    const ack = await aliceA.ok({ type: 'message', room, text: 'hello from A', clientMsgId: 'from-a' });
    const [stored] = (await fullHistory(c, carol.token, room)).filter((e) => e.seq === ack.seq);
    expect(stored).toMatchObject({ type: 'message', text: 'hello from A', clientMsgId: 'from-a', from: { phone: alice.phone } });
    for (const socket of [bobB, carolC, aliceC]) expect(await socket.next(isMessage(room, ack.seq))).toEqual(stored);

    const back = await carolC.ok({ type: 'message', room, text: 'hello from C', clientMsgId: 'from-c' });
    for (const socket of [aliceA, bobB]) expect(await socket.next(isMessage(room, back.seq))).toMatchObject({ text: 'hello from C', from: { phone: carol.phone } });
    // The sending connection gets the ok, never the push (its sibling on the same node does).
    expect(await aliceC.next(isMessage(room, back.seq))).toMatchObject({ clientMsgId: 'from-c' });
    expect(carolC.received(isMessage(room, back.seq))).toEqual([]);
  });

  it('carries join, invite and leave events between nodes, and membership changes take effect on every node', async () => {
    const [alice, bob, carol, dave] = [await signUp(a), await signUp(b), await signUp(c), await signUp(a)];
    await makeContacts(a, alice, dave);
    const aliceA = await connectRaw(a, alice.token);
    const { room } = await aliceA.ok({ type: 'create_room', room: uniqueRoomName('Membership') });

    const bobB = await connectRaw(b, bob.token);
    const bobC = await connectRaw(c, bob.token);
    await bobB.ok({ type: 'join', room });
    // Bob's other session, on node C, is subscribed from now on: it hears his join and the next one.
    for (const socket of [aliceA, bobC]) expect(await socket.next(isSystem('join', room))).toMatchObject({ seq: 1, user: { phone: bob.phone } });
    const carolC = await connectRaw(c, carol.token);
    await carolC.ok({ type: 'join', room });
    for (const socket of [aliceA, bobB, bobC]) expect(await socket.next(isSystem('join', room))).toMatchObject({ seq: 2, user: { phone: carol.phone } });
    expect(bobB.received(isSystem('join', room)).map((f) => f.seq)).toEqual([2]);

    // Dave is invited on node A while connected to nodes B and C only.
    const daveB = await connectRaw(b, dave.token);
    const daveC = await connectRaw(c, dave.token);
    await aliceA.ok({ type: 'invite', room, members: [dave.phone] });
    for (const socket of [daveB, daveC, bobB, carolC]) {
      expect(await socket.next(isSystem('invite', room))).toMatchObject({ seq: 3, user: { phone: alice.phone }, members: [{ phone: dave.phone }] });
    }
    // Both of Dave's sessions now receive the room's pushes.
    const hello = await carolC.ok({ type: 'message', room, text: 'welcome, Dave', clientMsgId: 'welcome' });
    for (const socket of [daveB, daveC, aliceA]) await socket.next(isMessage(room, hello.seq));

    await bobB.ok({ type: 'leave', room });
    for (const socket of [aliceA, carolC, daveB, bobC]) {
      expect(await socket.next(isSystem('leave', room))).toMatchObject({ seq: hello.seq + 1, user: { phone: bob.phone } });
    }
    // After leaving, none of Bob's sessions hears the room: Dave's sessions on the same nodes do.
    const after = await aliceA.ok({ type: 'message', room, text: 'Bob has gone', clientMsgId: 'gone' });
    await daveB.next(isMessage(room, after.seq));
    await daveC.next(isMessage(room, after.seq));
    expect([...bobB.received(isMessage(room, after.seq)), ...bobC.received(isMessage(room, after.seq))]).toEqual([]);
    expect(await bobC.request({ type: 'message', room, text: 'still here?', clientMsgId: 'x' })).toMatchObject({ type: 'error', code: 'forbidden' });
  });

  it('tells members on every node that a room was deleted, and the room is gone everywhere', async () => {
    const [alice, bob, carol] = [await signUp(a), await signUp(b), await signUp(c)];
    const aliceA = await connectRaw(a, alice.token);
    const { room } = await aliceA.ok({ type: 'create_room', room: uniqueRoomName('Doomed') });
    const bobB = await connectRaw(b, bob.token);
    await bobB.ok({ type: 'join', room });
    const carolC = await connectRaw(c, carol.token);
    await carolC.ok({ type: 'join', room });
    const aliceB = await connectRaw(b, alice.token);

    await aliceA.ok({ type: 'delete_room', room });
    const notice = { type: 'system', event: 'delete', room, message: `The room ${room} has been deleted.` };
    for (const socket of [aliceA, bobB, carolC, aliceB]) expect(await socket.next(isSystem('delete', room))).toEqual(notice);
    expect(await bobB.request({ type: 'message', room, text: 'anyone?', clientMsgId: 'late' })).toMatchObject({ type: 'error', code: 'room_not_found' });
    expect((await api(c, 'GET', `/api/rooms/${encodeURIComponent(room)}/messages`, { token: carol.token })).body).toMatchObject({ error: { code: 'room_not_found' } });
  });

  it('announces presence across nodes: online with the first session anywhere, offline with the last', async () => {
    const [alice, carol, erin] = [await signUp(a), await signUp(c), await signUp(b)];
    await makeContacts(a, alice, carol, erin);
    const aliceA = await connectRaw(a, alice.token);
    const { room } = await aliceA.ok({ type: 'create_room', room: uniqueRoomName('Presence') });
    await aliceA.ok({ type: 'invite', room, members: [carol.phone, erin.phone] });
    const carolC = await connectRaw(c, carol.token);
    await aliceA.next(isPresence(carol.phone, true));

    const erinB = await connectRaw(b, erin.token);
    expect(presenceOf([await aliceA.next(isPresence(erin.phone, true))], erin.phone)).toMatchObject([{ online: true, status: 'online' }]);
    expect(presenceOf([await carolC.next(isPresence(erin.phone, true))], erin.phone)).toMatchObject([{ online: true, status: 'online' }]);

    // A second session on another node, and closing the first, are not news.
    const erinC = await connectRaw(c, erin.token);
    await erinB.close();
    const ack = await erinC.ok({ type: 'message', room, text: 'still around', clientMsgId: 'around' });
    await aliceA.next(isMessage(room, ack.seq));
    await erinC.close();
    expect(presenceOf([await aliceA.next(isPresence(erin.phone, false))], erin.phone)).toMatchObject([{ online: false, status: 'offline' }]);
    expect(presenceOf([await carolC.next(isPresence(erin.phone, false))], erin.phone)).toMatchObject([{ online: false, status: 'offline' }]);
    expect(presenceOf(aliceA.received(() => true), erin.phone).map((f) => f.online)).toEqual([true, false]);
  });

  it("counts a user online on every node while they have a session on any node", async () => {
    const [alice, frank] = [await signUp(a), await signUp(b)];
    // Presence is for people who share a room: a private chat makes them co-members.
    const aliceSocket = await connectRaw(a, alice.token);
    await aliceSocket.ok({ type: 'private', phone: frank.phone });
    await aliceSocket.close();
    const onlineSeenFrom = async (node: ClusterNode) => {
      const reply = await api(node, 'GET', `/api/users?q=${frank.phone}`, { token: alice.token });
      expect(reply.status).toBe(200);
      const users = reply.body.users as { phone: string; online: boolean }[];
      expect(users.map((u) => u.phone)).toEqual([frank.phone]);
      return users[0]!.online;
    };
    expect([await onlineSeenFrom(a), await onlineSeenFrom(b), await onlineSeenFrom(c)]).toEqual([false, false, false]);

    const frankB = await connectRaw(b, frank.token);
    expect([await onlineSeenFrom(a), await onlineSeenFrom(b), await onlineSeenFrom(c)]).toEqual([true, true, true]);
    const frankC = await connectRaw(c, frank.token);
    await frankB.close();
    // Still connected to node C: every node counts that session, node B included.
    expect([await onlineSeenFrom(a), await onlineSeenFrom(b), await onlineSeenFrom(c)]).toEqual([true, true, true]);

    await frankC.close();
    await until(async () => !(await onlineSeenFrom(a)), 'node A sees Frank offline', 10_000, 250);
    expect([await onlineSeenFrom(b), await onlineSeenFrom(c)]).toEqual([false, false]);
  });

  it("closes a signed-out token's sockets on every node with 4403, and leaves the user's other tokens alone", async () => {
    const gina = await signUp(a);
    const otherToken = await signIn(c, gina.phone, gina.password);
    const sockets = [await connectRaw(a, gina.token), await connectRaw(b, gina.token), await connectRaw(c, gina.token)];
    const otherB = await connectRaw(b, otherToken);
    const sdk = sdkClient(c.url, gina.token);
    await sdk.connect();
    const sdkClosed = new Promise<{ state: ConnectionState; code?: number }>((resolve) => {
      sdk.on('state', (change) => change.state === 'closed' && resolve(change));
    });

    expect((await api(a, 'POST', '/api/signout', { token: gina.token })).status).toBe(204);
    for (const socket of sockets) expect((await socket.waitClosed()).code).toBe(4403);
    expect(await sdkClosed).toMatchObject({ state: 'closed', code: 4403 });
    expect((await api(c, 'GET', '/api/me', { token: gina.token })).status).toBe(401);
    expect(await otherB.request({ type: 'ping' })).toMatchObject({ type: 'ok' });
    expect(otherB.isOpen).toBe(true);
  });

  it('ends every session of a user on every node when they change their password on one', async () => {
    const hugo = await signUp(b);
    const second = await signIn(a, hugo.phone, hugo.password);
    const sockets = [await connectRaw(a, hugo.token), await connectRaw(c, second), await connectRaw(b, second)];
    const changed = await api(b, 'POST', '/api/password', { token: hugo.token, body: { oldPassword: hugo.password, newPassword: 'a brand new password' } });
    expect(changed.status).toBe(200);
    for (const socket of sockets) expect((await socket.waitClosed()).code).toBe(4403);
    const fresh = await connectRaw(c, changed.body.token as string);
    expect(await fresh.request({ type: 'ping' })).toMatchObject({ type: 'ok' });
  });
});

describe.skipIf(!databaseUrl || !redisUrl)('two fresh nodes, each numbering its connections from the start', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    // Fresh nodes: the first connection on each is the first one it numbers.
    cluster = await startCluster({ nodes: 2, databaseUrl: databaseUrl!, redisUrl: redisUrl! });
  }, 60_000);

  afterAll(async () => {
    closeAllSockets();
    await cluster?.stop();
  });

  // Regression: connection ids were `c1`, `c2`, … per process, and the sender's id travels on
  // the bus as `skipConnId`, so every node skipped its own c1 when node A's c1 sent: Bob on B
  // missed Alice's message and Alice missed Bob's join.
  it("pushes to a member on node B whose connection is numbered like the sender's on node A", async () => {
    const [a, b] = cluster.nodes as [ClusterNode, ClusterNode];
    const [alice, bob] = [await signUp(a), await signUp(b)];
    const aliceA = await connectRaw(a, alice.token); // node A's first connection
    const bobB = await connectRaw(b, bob.token); // node B's first connection
    const { room } = await aliceA.ok({ type: 'create_room', room: uniqueRoomName('Twins') });
    await bobB.ok({ type: 'join', room });
    const ack = await aliceA.ok({ type: 'message', room, text: 'can you hear me?', clientMsgId: 'twin-1' });
    expect(await bobB.next(isMessage(room, ack.seq))).toMatchObject({ text: 'can you hear me?' });
    expect(await aliceA.next(isSystem('join', room))).toMatchObject({ seq: 1, user: { phone: bob.phone } });
  });
});

if (!databaseUrl || !redisUrl) {
  describe('three nodes sharing PostgreSQL and Redis', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}
