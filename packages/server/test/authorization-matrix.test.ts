import { errorCodes, privateRoomName, type ErrorCode } from '@parley/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUser, connect, makeContacts, signInAgain, uniqueRoomName, type TestUser } from './helpers/builders.js';
import { historyPath, http, type HttpReply } from './helpers/http.js';
import { useServer } from './helpers/server.js';
import { RawSocket, type Frame } from './helpers/socket.js';

// Every operation × every kind of caller × every kind of room, as docs/protocol.md ("Room kinds and
// permissions") states it. Each cell builds its own room, so what one cell does cannot reach another.
// The frame rate limit is lifted: setting up ~340 rooms from a few sockets is not a flood under test.
const server = useServer({ limits: { framesPerSecond: 1e6, frameBurst: 1e6, authAttemptsPerAddress: 1e6 } });

const kinds = ['public room', 'private room', 'group', 'private chat'] as const;
const actors = ['owner', 'member', 'non-owner member', 'non-member', 'signed out'] as const;
type Kind = (typeof kinds)[number];
type Actor = (typeof actors)[number];

/**
 * ok: allowed; an error code: refused with it; listed / not listed: a search that succeeds and does
 * or does not show the room; n/a: no such caller (a private chat has no owner).
 */
type Outcome = 'ok' | 'listed' | 'not listed' | 'n/a' | ErrorCode;
type Row = readonly [owner: Outcome, member: Outcome, nonOwnerMember: Outcome, nonMember: Outcome, signedOut: Outcome];

const httpOps = ['GET /api/rooms/:room/messages', 'GET /api/rooms/:room/receipts', 'PUT /api/rooms/:room/notify', 'GET /api/rooms', 'GET /api/me/rooms', 'GET /api/users', 'GET /api/me', 'POST /api/signout', 'POST /api/password'] as const;
const wsOps = ['join', 'leave', 'delete_room', 'invite', 'message', 'edit', 'delete_message', 'react', 'history', 'read', 'typing', 'create_room', 'create_group', 'private'] as const;
type Op = (typeof httpOps)[number] | (typeof wsOps)[number];

const U = 'unauthorized';
const F = 'forbidden';
// A room one may not see answers as if it did not exist: nothing of it, its existence included, reaches a non-member.
const N = 'room_not_found';
// prettier-ignore
const table: Record<Op, Record<Kind, Row>> = {
  //                                      owner         member        non-owner     non-member    signed out
  'GET /api/rooms/:room/messages': {
    'public room':                       ['ok',         'ok',         'ok',         F,            U],
    'private room':                      ['ok',         'ok',         'ok',         N,            U],
    group:                               ['ok',         'ok',         'ok',         N,            U],
    'private chat':                      ['n/a',        'ok',         'ok',         N,            U],
  },
  'GET /api/rooms/:room/receipts': {
    'public room':                       ['ok',         'ok',         'ok',         F,            U],
    'private room':                      ['ok',         'ok',         'ok',         N,            U],
    group:                               ['ok',         'ok',         'ok',         N,            U],
    'private chat':                      ['n/a',        'ok',         'ok',         N,            U],
  },
  // One's own notification level: members only, like reading.
  'PUT /api/rooms/:room/notify': {
    'public room':                       ['ok',         'ok',         'ok',         F,            U],
    'private room':                      ['ok',         'ok',         'ok',         N,            U],
    group:                               ['ok',         'ok',         'ok',         N,            U],
    'private chat':                      ['n/a',        'ok',         'ok',         N,            U],
  },
  // Searched by the room's exact name: public rooms for everyone, private ones for members, chats never.
  'GET /api/rooms': {
    'public room':                       ['listed',     'listed',     'listed',     'listed',     U],
    'private room':                      ['listed',     'listed',     'listed',     'not listed', U],
    group:                               ['listed',     'listed',     'listed',     'not listed', U],
    'private chat':                      ['n/a',        'not listed', 'not listed', 'not listed', U],
  },
  'GET /api/me/rooms': {
    'public room':                       ['listed',     'listed',     'listed',     'not listed', U],
    'private room':                      ['listed',     'listed',     'listed',     'not listed', U],
    group:                               ['listed',     'listed',     'listed',     'not listed', U],
    'private chat':                      ['n/a',        'listed',     'listed',     'not listed', U],
  },
  'GET /api/users': {
    'public room':                       ['ok',         'ok',         'ok',         'ok',         U],
    'private room':                      ['ok',         'ok',         'ok',         'ok',         U],
    group:                               ['ok',         'ok',         'ok',         'ok',         U],
    'private chat':                      ['n/a',        'ok',         'ok',         'ok',         U],
  },
  'GET /api/me': {
    'public room':                       ['ok',         'ok',         'ok',         'ok',         U],
    'private room':                      ['ok',         'ok',         'ok',         'ok',         U],
    group:                               ['ok',         'ok',         'ok',         'ok',         U],
    'private chat':                      ['n/a',        'ok',         'ok',         'ok',         U],
  },
  'POST /api/signout': {
    'public room':                       ['ok',         'ok',         'ok',         'ok',         U],
    'private room':                      ['ok',         'ok',         'ok',         'ok',         U],
    group:                               ['ok',         'ok',         'ok',         'ok',         U],
    'private chat':                      ['n/a',        'ok',         'ok',         'ok',         U],
  },
  'POST /api/password': {
    'public room':                       ['ok',         'ok',         'ok',         'ok',         U],
    'private room':                      ['ok',         'ok',         'ok',         'ok',         U],
    group:                               ['ok',         'ok',         'ok',         'ok',         U],
    'private chat':                      ['n/a',        'ok',         'ok',         'ok',         U],
  },
  join: {
    'public room':                       ['ok',         'ok',         'ok',         'ok',         U],
    'private room':                      ['ok',         'ok',         'ok',         N,            U],
    group:                               ['ok',         'ok',         'ok',         N,            U],
    'private chat':                      ['n/a',        'ok',         'ok',         N,            U],
  },
  leave: {
    'public room':                       ['ok',         'ok',         'ok',         F,            U],
    'private room':                      ['ok',         'ok',         'ok',         N,            U],
    group:                               ['ok',         'ok',         'ok',         N,            U],
    'private chat':                      ['n/a',        F,            F,            N,            U],
  },
  delete_room: {
    'public room':                       ['ok',         F,            F,            F,            U],
    'private room':                      ['ok',         F,            F,            N,            U],
    group:                               ['ok',         F,            F,            N,            U],
    'private chat':                      ['n/a',        F,            F,            N,            U],
  },
  invite: {
    'public room':                       ['ok',         'ok',         'ok',         F,            U],
    'private room':                      ['ok',         'ok',         'ok',         N,            U],
    group:                               ['ok',         'ok',         'ok',         N,            U],
    'private chat':                      ['n/a',        F,            F,            N,            U],
  },
  message: {
    'public room':                       ['ok',         'ok',         'ok',         F,            U],
    'private room':                      ['ok',         'ok',         'ok',         N,            U],
    group:                               ['ok',         'ok',         'ok',         N,            U],
    'private chat':                      ['n/a',        'ok',         'ok',         N,            U],
  },
  history: {
    'public room':                       ['ok',         'ok',         'ok',         F,            U],
    'private room':                      ['ok',         'ok',         'ok',         N,            U],
    group:                               ['ok',         'ok',         'ok',         N,            U],
    'private chat':                      ['n/a',        'ok',         'ok',         N,            U],
  },
  read: {
    'public room':                       ['ok',         'ok',         'ok',         F,            U],
    'private room':                      ['ok',         'ok',         'ok',         N,            U],
    group:                               ['ok',         'ok',         'ok',         N,            U],
    'private chat':                      ['n/a',        'ok',         'ok',         N,            U],
  },
  typing: {
    'public room':                       ['ok',         'ok',         'ok',         F,            U],
    'private room':                      ['ok',         'ok',         'ok',         N,            U],
    group:                               ['ok',         'ok',         'ok',         N,            U],
    'private chat':                      ['n/a',        'ok',         'ok',         N,            U],
  },
  // On the message the room was left with (the owner's; in the private chat, Bob's): only its sender edits or deletes it.
  edit: {
    'public room':                       ['ok',         F,            F,            F,            U],
    'private room':                      ['ok',         F,            F,            N,            U],
    group:                               ['ok',         F,            F,            N,            U],
    'private chat':                      ['n/a',        'ok',         F,            N,            U],
  },
  delete_message: {
    'public room':                       ['ok',         F,            F,            F,            U],
    'private room':                      ['ok',         F,            F,            N,            U],
    group:                               ['ok',         F,            F,            N,            U],
    'private chat':                      ['n/a',        'ok',         F,            N,            U],
  },
  react: {
    'public room':                       ['ok',         'ok',         'ok',         F,            U],
    'private room':                      ['ok',         'ok',         'ok',         N,            U],
    group:                               ['ok',         'ok',         'ok',         N,            U],
    'private chat':                      ['n/a',        'ok',         'ok',         N,            U],
  },
  // With the room's own name: taken, whoever asks (even a non-member of a private room); a private
  // chat's name is reserved.
  create_room: {
    'public room':                       ['room_exists', 'room_exists', 'room_exists', 'room_exists', U],
    'private room':                      ['room_exists', 'room_exists', 'room_exists', 'room_exists', U],
    group:                               ['room_exists', 'room_exists', 'room_exists', 'room_exists', U],
    'private chat':                      ['n/a',        'invalid_input', 'invalid_input', 'invalid_input', U],
  },
  create_group: {
    'public room':                       ['room_exists', 'room_exists', 'room_exists', 'room_exists', U],
    'private room':                      ['room_exists', 'room_exists', 'room_exists', 'room_exists', U],
    group:                               ['room_exists', 'room_exists', 'room_exists', 'room_exists', U],
    'private chat':                      ['n/a',        'invalid_input', 'invalid_input', 'invalid_input', U],
  },
  // With a member of the room: always allowed, and it opens that pair's chat, never the room itself
  // (unless the room is exactly that chat).
  private: {
    'public room':                       ['ok',         'ok',         'ok',         'ok',         U],
    'private room':                      ['ok',         'ok',         'ok',         'ok',         U],
    group:                               ['ok',         'ok',         'ok',         'ok',         U],
    'private chat':                      ['n/a',        'ok',         'ok',         'ok',         U],
  },
};

// The cast. In every room but the private chat, Dave created it, Alice joined, Dave left (so the
// ownership passed to Alice), then Bob, Dave and Eve came (back) in: Dave is a member who once was
// the owner and is no longer. The private chat is Bob's with Dave (Bob opened it). Carol belongs to
// nothing; Eve's token in the cells is signed out; Frank is who gets invited.
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let dave: TestUser;
let eve: TestUser;
let frank: TestUser;
let eveSignedOutToken: string;
let chat: string;
/** The seq of the message each room was left with, which the message operations act on. */
const target = new Map<string, number>();

beforeAll(async () => {
  // Created in this order so that a tie on join time (broken by user id) still makes Bob the
  // longest-standing member after Alice.
  alice = await buildUser(server, { name: 'Alice' });
  bob = await buildUser(server, { name: 'Bob' });
  carol = await buildUser(server, { name: 'Carol' });
  dave = await buildUser(server, { name: 'Dave' });
  eve = await buildUser(server, { name: 'Eve' });
  frank = await buildUser(server, { name: 'Frank' });
  // Everyone but Carol knows everyone else: contacts add each other at once (strangers are only invited).
  await makeContacts(server, alice, bob, dave, eve, frank);
  eveSignedOutToken = await signInAgain(server, eve);
  expect((await http(server, 'POST', '/api/signout', { token: eveSignedOutToken })).status).toBe(204);
  const bobSocket = await socketOf(bob);
  chat = (await bobSocket.ok({ type: 'private', phone: dave.phone })).room as string;
  target.set(chat, (await bobSocket.ok({ type: 'message', room: chat, text: 'just us', clientMsgId: 'chat-0' })).seq as number);
});

const sockets = new Map<TestUser, RawSocket>();

/** The user's authenticated socket, opened again when a password change or the end of a test closed it. */
async function socketOf(user: TestUser): Promise<RawSocket> {
  const existing = sockets.get(user);
  if (existing?.isOpen) return existing;
  const socket = await connect(server, user);
  sockets.set(user, socket);
  return socket;
}

function userOf(actor: Actor, kind: Kind): TestUser {
  if (kind === 'private chat') {
    const cast = { owner: null, member: bob, 'non-owner member': dave, 'non-member': carol, 'signed out': eve }[actor];
    if (!cast) throw new Error('A private chat has no owner.');
    return cast;
  }
  return { owner: alice, member: bob, 'non-owner member': dave, 'non-member': carol, 'signed out': eve }[actor];
}

let counter = 0;

/** A fresh room of this kind in the state described above (the private chat is the one shared chat). */
async function arrange(kind: Kind): Promise<string> {
  if (kind === 'private chat') {
    // The one chat is shared by every cell: each gets a fresh message of Bob's to act on.
    target.set(chat, (await (await socketOf(bob)).ok({ type: 'message', room: chat, text: 'just us', clientMsgId: `chat-${++counter}` })).seq as number);
    return chat;
  }
  const d = await socketOf(dave);
  const a = await socketOf(alice);
  const name = uniqueRoomName(`Matrix ${kind}`);
  const created =
    kind === 'group'
      ? await d.ok({ type: 'create_group', room: name, members: [alice.phone] })
      : await d.ok({ type: 'create_room', room: name, isPrivate: kind === 'private room' });
  const room = created.room as string;
  if (kind === 'public room') await a.ok({ type: 'join', room });
  if (kind === 'private room') await d.ok({ type: 'invite', room, members: [alice.phone] });
  await d.ok({ type: 'leave', room });
  for (const user of [bob, dave, eve]) {
    if (kind === 'public room') await (await socketOf(user)).ok({ type: 'join', room });
    else await a.ok({ type: 'invite', room, members: [user.phone] });
  }
  target.set(room, (await a.ok({ type: 'message', room, text: 'before', clientMsgId: `before-${++counter}` })).seq as number);
  return room;
}

interface Snapshot {
  exists: boolean;
  owner: string | null | undefined;
  memberCount: number;
  /** Which of the cast belong to the room, as their own GET /api/me/rooms says. */
  members: string[];
  /** The room's whole history, newest first. */
  history: Frame[];
}

/** Every room of a user's list, page after page. */
async function allMyRooms(token: string): Promise<{ status: number; rooms: Frame[]; reply: HttpReply }> {
  const rooms: Frame[] = [];
  let path = '/api/me/rooms';
  for (;;) {
    const reply = await http(server, 'GET', path, { token });
    if (reply.status !== 200) return { status: reply.status, rooms, reply };
    rooms.push(...(reply.body.rooms as Frame[]));
    if (!reply.body.next) return { status: 200, rooms, reply };
    path = `/api/me/rooms?cursor=${encodeURIComponent(reply.body.next as string)}`;
  }
}

async function snapshot(room: string): Promise<Snapshot> {
  const cast = [alice, bob, carol, dave, eve, frank];
  const lists = await Promise.all(cast.map((u) => allMyRooms(u.token)));
  const entries = lists.map((list) => list.rooms.find((r) => r.name === room));
  const witness = cast.find((_, i) => entries[i]);
  const info = entries.find((entry) => entry !== undefined);
  if (!witness || !info) {
    const probe = await http(server, 'GET', historyPath(room), { token: carol.token });
    return { exists: probe.status !== 404, owner: undefined, memberCount: 0, members: [], history: [] };
  }
  const page = await http(server, 'GET', historyPath(room, { limit: 200 }), { token: witness.token });
  return {
    exists: true,
    owner: info.owner,
    memberCount: info.memberCount,
    members: cast.filter((_, i) => entries[i]).map((u) => u.phone).sort(),
    history: page.body.messages,
  };
}

function outcomeOfHttp(reply: HttpReply): Outcome {
  if (reply.status < 300) return 'ok';
  const code = reply.body?.error?.code as ErrorCode;
  expect(Object.keys(errorCodes), `an HTTP ${reply.status} with ${reply.text}`).toContain(code);
  expect(reply.status).toBe(errorCodes[code].status);
  return code;
}

function outcomeOfFrame(reply: Frame): Outcome {
  if (reply.type === 'ok') return 'ok';
  expect(reply).toMatchObject({ type: 'error', message: expect.any(String) });
  expect(Object.keys(errorCodes)).toContain(reply.code);
  return reply.code as ErrorCode;
}

/** Whom `private` is opened with: the other member of the chat, else the owner (or, for the owner, Bob). */
function peerOf(user: TestUser, kind: Kind): TestUser {
  if (kind === 'private chat') return user === bob ? dave : bob;
  return user === alice ? bob : alice;
}

interface Performed {
  outcome: Outcome;
  /** What the operation answered: the ok or error frame, or the HTTP body. */
  reply: Frame;
  /** The text of a message the cell sent. */
  text?: string;
}

async function perform(op: Op, actor: Actor, kind: Kind, room: string): Promise<Performed> {
  const user = userOf(actor, kind);
  const signedOut = actor === 'signed out';
  const token = signedOut ? eveSignedOutToken : user.token;
  switch (op) {
    case 'GET /api/rooms/:room/messages':
    case 'GET /api/rooms/:room/receipts':
    case 'GET /api/users':
    case 'GET /api/me': {
      const path =
        op === 'GET /api/me' ? '/api/me' : op === 'GET /api/users' ? `/api/users?q=${encodeURIComponent(user.name)}` : op === 'GET /api/rooms/:room/receipts' ? `/api/rooms/${encodeURIComponent(room)}/receipts` : historyPath(room);
      const reply = await http(server, 'GET', path, { token });
      return { outcome: outcomeOfHttp(reply), reply: reply.body ?? {} };
    }
    case 'PUT /api/rooms/:room/notify': {
      const reply = await http(server, 'PUT', `/api/rooms/${encodeURIComponent(room)}/notify`, { token, body: { level: 'none' } });
      return { outcome: outcomeOfHttp(reply), reply: reply.body ?? {} };
    }
    case 'GET /api/rooms':
    case 'GET /api/me/rooms': {
      const { reply, rooms } = op === 'GET /api/rooms' ? await http(server, 'GET', `/api/rooms?q=${encodeURIComponent(room)}`, { token }).then((r) => ({ reply: r, rooms: (r.body?.rooms ?? []) as Frame[] })) : await allMyRooms(token);
      const outcome = outcomeOfHttp(reply);
      if (outcome !== 'ok') return { outcome, reply: reply.body };
      const listed = rooms.some((r) => r.name.toLowerCase() === room.toLowerCase());
      return { outcome: listed ? 'listed' : 'not listed', reply: reply.body };
    }
    case 'POST /api/signout': {
      const ended = signedOut ? token : await signInAgain(server, user);
      const reply = await http(server, 'POST', '/api/signout', { token: ended });
      const outcome = outcomeOfHttp(reply);
      if (outcome === 'ok') {
        expect((await http(server, 'GET', '/api/me', { token: ended })).status, 'the signed-out token').toBe(401);
        expect((await http(server, 'GET', '/api/me', { token: user.token })).status, 'the user’s other token').toBe(200);
      }
      return { outcome, reply: reply.body ?? {} };
    }
    case 'POST /api/password': {
      const newPassword = `new password ${++counter}`;
      const open = signedOut ? undefined : sockets.get(user);
      const wasOpen = open?.isOpen === true;
      const reply = await http(server, 'POST', '/api/password', { token, body: { oldPassword: user.password, newPassword } });
      const outcome = outcomeOfHttp(reply);
      if (outcome === 'ok') {
        const oldToken = user.token;
        user.token = reply.body.token;
        user.password = newPassword;
        expect((await http(server, 'GET', '/api/me', { token: oldToken })).status, 'the token from before').toBe(401);
        if (open && wasOpen) expect((await open.waitClosed()).code, 'the WebSocket from before').toBe(4403);
      }
      return { outcome, reply: reply.body ?? {} };
    }
    default: {
      const text = `${actor} says hi in ${room}`;
      const frames: Record<(typeof wsOps)[number], Frame> = {
        join: { type: 'join', room },
        leave: { type: 'leave', room },
        delete_room: { type: 'delete_room', room },
        invite: { type: 'invite', room, members: [frank.phone] },
        message: { type: 'message', room, text, clientMsgId: `cell-${++counter}` },
        edit: { type: 'edit', room, target: target.get(room), text },
        delete_message: { type: 'delete_message', room, target: target.get(room) },
        react: { type: 'react', room, target: target.get(room), emoji: '👍', on: true },
        history: { type: 'history', room },
        read: { type: 'read', room, seq: 1 },
        typing: { type: 'typing', room, typing: false },
        create_room: { type: 'create_room', room },
        create_group: { type: 'create_group', room, members: [frank.phone] },
        private: { type: 'private', phone: peerOf(user, kind).phone },
      };
      const socket = signedOut ? await RawSocket.open(server.wsUrl) : await socketOf(user);
      const reply = await socket.request(frames[op]);
      if (signedOut) {
        // A socket without a session hears nothing but the answer, and stays open for an auth.
        expect(socket.log).toEqual([reply]);
        expect(socket.isOpen).toBe(true);
      }
      return { outcome: outcomeOfFrame(reply), reply, text };
    }
  }
}

function withoutMe(entries: Frame[]): Frame[] {
  return entries.map((e) => (e.reactions ? { ...e, reactions: e.reactions.map(({ me: _me, ...r }: Frame) => r) } : e));
}

/** What an allowed operation must have done to the room; anything else must leave it as it was. */
function expectEffect(op: Op, actor: Actor, kind: Kind, room: string, done: Performed, before: Snapshot, after: Snapshot): void {
  const user = userOf(actor, kind);
  const wasMember = before.members.includes(user.phone);
  const plus = (phone: string) => [...before.members, phone].sort();
  const newest = after.history[0];
  if (done.outcome !== 'ok') {
    expect(after, 'a refused operation changes nothing').toEqual(before);
    return;
  }
  switch (op) {
    case 'join':
      if (wasMember) expect(after, 'joining again changes nothing').toEqual(before);
      else {
        expect(after.members).toEqual(plus(user.phone));
        expect(newest).toMatchObject({ type: 'system', event: 'join', user: { phone: user.phone } });
        expect(after.history.slice(1)).toEqual(before.history);
      }
      return;
    case 'leave': {
      expect(after.members).toEqual(before.members.filter((p) => p !== user.phone));
      // An owner's leave and the hand-over it causes are one change: two events, every member sees both.
      const events = actor === 'owner' ? 2 : 1;
      if (actor === 'owner') expect(newest).toMatchObject({ type: 'system', event: 'owner', user: { phone: bob.phone } });
      expect(after.history[events - 1]).toMatchObject({ type: 'system', event: 'leave', user: { phone: user.phone } });
      expect(after.history.slice(events)).toEqual(before.history);
      expect(after.owner, 'the owner after the leave').toBe(actor === 'owner' ? bob.phone : before.owner);
      return;
    }
    case 'delete_room':
      expect(after.exists).toBe(false);
      expect(after.members).toEqual([]);
      return;
    case 'invite':
      expect(after.members).toEqual(plus(frank.phone));
      expect(newest).toMatchObject({ type: 'system', event: 'invite', user: { phone: user.phone }, members: [{ phone: frank.phone }] });
      expect(after.history.slice(1)).toEqual(before.history);
      return;
    case 'message':
      expect(newest).toMatchObject({ type: 'message', room, seq: done.reply.seq, from: { phone: user.phone }, text: done.text });
      expect({ ...after, history: after.history.slice(1) }).toEqual(before);
      return;
    case 'edit':
    case 'delete_message':
    case 'react': {
      const seq = target.get(room)!;
      const kindOf = { edit: 'edit', delete_message: 'redact', react: 'reaction' } as const;
      expect(newest).toMatchObject({ type: kindOf[op], room, seq: done.reply.seq, target: seq, from: { phone: user.phone } });
      const changed = after.history.find((e) => e.seq === seq);
      if (op === 'edit') expect(changed).toMatchObject({ text: done.text, editedAt: expect.any(String) });
      if (op === 'delete_message') {
        expect(changed).toMatchObject({ deleted: true });
        expect(changed?.text).toBeUndefined();
      }
      if (op === 'react') expect(changed?.reactions).toMatchObject([{ emoji: '👍', count: 1, users: [{ name: user.name, phone: user.phone }] }]);
      const untouched = (history: Frame[]) => history.filter((e) => e.seq !== seq);
      expect(untouched(after.history.slice(1))).toEqual(untouched(before.history));
      return;
    }
    case 'history':
    case 'GET /api/rooms/:room/messages':
      // `me` on a reaction is the reader's: the snapshot was read by another member.
      expect(withoutMe(done.reply.messages), 'the page is the room’s newest 50 entries').toEqual(withoutMe(before.history.slice(0, 50)));
      expect(after).toEqual(before);
      return;
    case 'private': {
      const expected = privateRoomName(user.phone, peerOf(user, kind).phone);
      expect(done.reply.room).toBe(expected);
      expect(done.reply.info).toMatchObject({ kind: 'direct', owner: null });
      if (kind === 'private chat' && actor !== 'non-member') expect(done.reply.room).toBe(room);
      else expect(done.reply.room).not.toBe(room);
      expect(after).toEqual(before);
      return;
    }
    default:
      expect(after, `${op} leaves the room as it was`).toEqual(before);
  }
}

describe('the permissions table', () => {
  it('has a cell for every operation, room kind and caller, and n/a only for the owner of a private chat', () => {
    for (const op of [...httpOps, ...wsOps]) {
      for (const kind of kinds) {
        table[op][kind].forEach((outcome, i) => expect(outcome === 'n/a', `${op} ${kind} ${actors[i]}`).toBe(kind === 'private chat' && actors[i] === 'owner'));
      }
    }
  });

  it('owner › every operation › private chat → n/a: a private chat has no owner, and opening it gives none', async () => {
    const opened = await (await socketOf(bob)).ok({ type: 'private', phone: dave.phone });
    expect(opened.info).toMatchObject({ kind: 'direct', owner: null, memberCount: 2 });
    expect((await snapshot(chat)).owner).toBeNull();
  });

  it('signed out › the token the signed-out cells use is refused on the WebSocket too (4401)', async () => {
    const socket = await RawSocket.open(server.wsUrl);
    expect(await socket.request({ type: 'auth', token: eveSignedOutToken })).toMatchObject({ type: 'error', code: 'unauthorized' });
    expect((await socket.waitClosed()).code).toBe(4401);
  });
});

for (const kind of kinds) {
  describe(kind, () => {
    for (const [i, actor] of actors.entries()) {
      for (const op of [...httpOps, ...wsOps]) {
        const expected = table[op][kind][i]!;
        if (expected === 'n/a') continue;
        it(`${actor} › ${op} › ${kind} → ${expected}`, async () => {
          const outsider = await socketOf(carol);
          const room = await arrange(kind);
          const before = await snapshot(room);
          if (kind !== 'private chat') {
            expect(before, 'the room to start from').toMatchObject({ owner: alice.phone, memberCount: 4, members: [alice, bob, dave, eve].map((u) => u.phone).sort() });
          }
          const done = await perform(op, actor, kind, room);
          expect(done.outcome, JSON.stringify(done.reply).slice(0, 300)).toBe(expected);
          const after = await snapshot(room);
          expectEffect(op, actor, kind, room, done, before, after);
          // Nothing about the room reached the outsider unless they are now in it.
          if (outsider.isOpen) await outsider.request({ type: 'ping' });
          if (!after.members.includes(carol.phone)) {
            expect(outsider.received((f) => f.room === room)).toEqual([]);
          }
        });
      }
    }
  });
}
