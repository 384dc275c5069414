import { beforeAll, describe, expect, it } from 'vitest';
import { buildUser, connect, publicUser, sendMessage, type TestUser } from './helpers/builders.js';
import { historyPath, http } from './helpers/http.js';
import { connectedClient, nextEvent } from './helpers/sdk.js';
import { useServer } from './helpers/server.js';
import { RawSocket, type Frame } from './helpers/socket.js';

const server = useServer();

let ada: TestUser;
let bob: TestUser;
let cy: TestUser;
let dm: string;
let lastAck: Frame;
const before: Record<string, unknown> = {};
let openAtRestart: RawSocket[];

/** Everything a user can see of the state, over HTTP. */
async function snapshot(user: TestUser, rooms: string[]) {
  const out: Record<string, unknown> = {};
  for (const room of rooms) out[room] = (await http(server, 'GET', historyPath(room, { limit: 200 }), { token: user.token })).body;
  out.search = (await http(server, 'GET', '/api/rooms?q=Town', { token: user.token })).body;
  return out;
}

beforeAll(async () => {
  ada = await buildUser(server, { name: 'Ada' });
  bob = await buildUser(server, { name: 'Bob' });
  cy = await buildUser(server, { name: 'Cy' });
  const adaSocket = await connect(server, ada);
  const bobSocket = await connect(server, bob);
  const cySocket = await connect(server, cy);

  await adaSocket.ok({ type: 'create_room', room: 'Town Square', description: 'Everyone welcome', maxParticipants: 10 });
  await bobSocket.ok({ type: 'join', room: 'Town Square' });
  await cySocket.ok({ type: 'join', room: 'Town Square' });
  await sendMessage(adaSocket, 'Town Square', 'good morning', 'r-1');
  await sendMessage(bobSocket, 'Town Square', 'morning Ada', 'r-2');
  await cySocket.ok({ type: 'leave', room: 'Town Square' });

  await adaSocket.ok({ type: 'create_room', room: 'Town Vault', isPrivate: true });
  await adaSocket.ok({ type: 'create_group', room: 'Town Band', members: [bob.phone] });
  await sendMessage(bobSocket, 'Town Band', 'rehearsal at 6', 'r-3');
  ({ room: dm } = await adaSocket.ok({ type: 'private', phone: cy.phone }));
  await sendMessage(cySocket, dm, 'psst', 'r-4');

  // A custom status and receipts turned off are stored: both outlive the restart.
  await bobSocket.ok({ type: 'status', status: 'busy', text: 'Rehearsing', emoji: '🎺' });
  expect((await http(server, 'PATCH', '/api/me', { token: bob.token, body: { readReceipts: false } })).status).toBe(200);

  await adaSocket.ok({ type: 'create_room', room: 'Town Dump' });
  await sendMessage(adaSocket, 'Town Dump', 'throw this away', 'r-5');
  await adaSocket.ok({ type: 'delete_room', room: 'Town Dump' });

  // The last thing before the restart is an acknowledged message: the ack promises it is on disk.
  lastAck = await sendMessage(adaSocket, 'Town Square', 'last words before the restart', 'r-6');

  before.ada = await snapshot(ada, ['Town Square', 'Town Vault', 'Town Band', dm]);
  before.bob = await snapshot(bob, ['Town Square', 'Town Band']);
  before.cy = await snapshot(cy, [dm]);
  before.adaRooms = (await http(server, 'GET', '/api/me/rooms', { token: ada.token })).body.rooms.map((r: { name: string }) => r.name).sort();

  // Left open on purpose: the server must close them itself, asking them to reconnect.
  openAtRestart = [adaSocket, bobSocket, cySocket];
  await server.restart({ keepSockets: true });
});

describe('a server restarted on the same data dir', () => {
  it('closed the connections that were open with 4500, asking clients to reconnect', async () => {
    for (const socket of openAtRestart) expect((await socket.closed).code).toBe(4500);
  });

  it('keeps the accounts: sign-in works and the phones are still taken', async () => {
    const signin = await http(server, 'POST', '/api/signin', { body: { phone: ada.phone, password: ada.password } });
    expect(signin.status).toBe(200);
    expect(signin.body.user).toEqual(publicUser(ada));
    const wrong = await http(server, 'POST', '/api/signin', { body: { phone: ada.phone, password: 'wrong password' } });
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const again = await http(server, 'POST', '/api/signup', { body: { name: 'Ada Again', phone: bob.phone, password: 'whatever-it-is' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('phone_taken');
  });

  it('keeps the sessions: tokens issued before still work', async () => {
    expect((await http(server, 'GET', '/api/me', { token: bob.token })).body).toEqual({
      user: publicUser(bob),
      settings: { readReceipts: false },
      status: { status: 'busy', text: 'Rehearsing', emoji: '🎺', until: null },
    });
    const socket = await RawSocket.open(server.wsUrl);
    expect(await socket.request({ type: 'auth', token: cy.token, id: 'a' })).toEqual({ type: 'ok', id: 'a', user: publicUser(cy) });
  });

  it('keeps rooms, memberships and history exactly as they were', async () => {
    expect(await snapshot(ada, ['Town Square', 'Town Vault', 'Town Band', dm])).toEqual(before.ada);
    expect(await snapshot(bob, ['Town Square', 'Town Band'])).toEqual(before.bob);
    expect(await snapshot(cy, [dm])).toEqual(before.cy);
    const adaRooms = (await http(server, 'GET', '/api/me/rooms', { token: ada.token })).body.rooms.map((r: { name: string }) => r.name).sort();
    expect(adaRooms).toEqual(before.adaRooms);
  });

  it('keeps the acknowledged message that came last', async () => {
    const page = await http(server, 'GET', historyPath('Town Square', { limit: 1 }), { token: ada.token });
    expect(page.body.messages).toEqual([
      { type: 'message', room: 'Town Square', seq: lastAck.seq, ts: lastAck.ts, from: publicUser(ada), text: 'last words before the restart', clientMsgId: 'r-6' },
    ]);
  });

  it('keeps the room settings and its owner', async () => {
    const search = await http(server, 'GET', '/api/rooms?q=Town%20Square', { token: cy.token });
    expect(search.body.rooms).toEqual([
      expect.objectContaining({ name: 'Town Square', description: 'Everyone welcome', isPrivate: false, memberCount: 2, maxParticipants: 10, owner: ada.phone }),
    ]);
  });

  it('keeps the leave: Cy is no longer a member of Town Square', async () => {
    const cySocket = await connect(server, cy);
    expect(await cySocket.request({ type: 'message', room: 'Town Square', text: 'back?', clientMsgId: 'r-7' })).toMatchObject({ type: 'error', code: 'forbidden' });
  });

  it('keeps group and private-chat members: they are still members, others still kept out', async () => {
    const bobSocket = await connect(server, bob);
    expect((await sendMessage(bobSocket, 'Town Band', 'still in the band')).room).toBe('Town Band');
    expect(await bobSocket.request({ type: 'join', room: 'Town Vault' })).toMatchObject({ type: 'error', code: 'room_not_found' });
    expect(await bobSocket.request({ type: 'history', room: dm })).toMatchObject({ type: 'error', code: 'room_not_found' });
    const adaSocket = await connect(server, ada);
    expect((await adaSocket.ok({ type: 'private', phone: cy.phone })).room).toBe(dm);
  });

  it('continues each room’s seq where it stopped', async () => {
    const adaSocket = await connect(server, ada);
    const ack = await sendMessage(adaSocket, 'Town Square', 'first after the restart');
    expect(ack.seq).toBe(lastAck.seq + 1);
  });

  it('remembers clientMsgIds: resending the last message returns the first reply', async () => {
    const adaSocket = await connect(server, ada);
    const reply = await adaSocket.request({ type: 'message', room: 'Town Square', text: 'last words before the restart', clientMsgId: 'r-6', id: 'again' });
    expect(reply).toEqual({ ...lastAck, id: 'again' });
  });

  it('keeps the deleted room gone', async () => {
    const adaSocket = await connect(server, ada);
    expect(await adaSocket.request({ type: 'join', room: 'Town Dump' })).toMatchObject({ type: 'error', code: 'room_not_found' });
    expect((await http(server, 'GET', historyPath('Town Dump'), { token: ada.token })).status).toBe(404);
  });

  it('delivers live again to members connected through the SDK', async () => {
    const bobClient = await connectedClient(server, bob);
    const adaClient = await connectedClient(server, ada);
    const received = nextEvent(bobClient, 'message', (m) => m.text === 'anyone there?');
    const ack = await adaClient.send('Town Band', 'anyone there?');
    expect(await received).toMatchObject({ room: 'Town Band', seq: ack.seq, from: publicUser(ada) });
  });
});
