import { privateRoomName, type ErrorCode } from '@parley/protocol';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUser, connect, makeContacts, unlimitedBudgets, type TestUser } from './helpers/builders.js';
import { historyPath, http } from './helpers/http.js';
import { useServer } from './helpers/server.js';
import type { Frame, RawSocket } from './helpers/socket.js';

// Random sequences of room operations by random users against one real server, with a model of who
// belongs to what. After every command: the reply is the one the permissions table gives; no push
// reached a user who was not a member of its room at that moment; every other session of every
// member got each message; GET /api/me/rooms and GET /api/rooms show each user exactly the rooms (and GET /api/search exactly the messages)
// they may see. At the end of each run: every history page is served to members only.
const server = useServer({ limits: { framesPerSecond: 1e6, frameBurst: 1e6, authAttemptsPerAddress: 1e6, userBudgets: unlimitedBudgets } });

const socketsPerUser = [2, 1, 2, 1, 2];
const userCount = socketsPerUser.length;
/** Room names a run draws from: few enough that commands often meet the same room. */
const nameCount = 3;

interface Person {
  index: number;
  user: TestUser;
  sockets: RawSocket[];
}

let people: Person[];

beforeAll(async () => {
  people = [];
  for (const [index, count] of socketsPerUser.entries()) {
    const user = await buildUser(server);
    const sockets: RawSocket[] = [];
    for (let i = 0; i < count; i++) sockets.push(await connect(server, user));
    people.push({ index, user, sockets });
  }
  // All of them know each other, so that adding someone adds them (invitations have their own tests).
  await makeContacts(server, ...people.map((p) => p.user));
});

type Target = { name: number; shout: boolean } | { dm: [number, number] };
type Command =
  | { op: 'create_room'; by: number; via: number; name: number; shout: boolean; isPrivate: boolean }
  | { op: 'create_group'; by: number; via: number; name: number; shout: boolean; members: number[] }
  | { op: 'join' | 'leave' | 'delete_room' | 'message' | 'history'; by: number; via: number; target: Target }
  | { op: 'invite'; by: number; via: number; target: Target; members: number[] }
  /** On one of the room's messages (`nth` of those the run sent there, counted from the newest). */
  | { op: 'edit' | 'redact' | 'react'; by: number; via: number; target: Target; nth: number; on: boolean }
  | { op: 'private'; by: number; via: number; peer: number };

const by = fc.nat({ max: userCount - 1 });
const via = fc.nat({ max: 1 });
const name = fc.nat({ max: nameCount - 1 });
// A room name in another casing must find the same room.
const shout = fc.boolean();
const target: fc.Arbitrary<Target> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ name, shout }) },
  { weight: 1, arbitrary: fc.record({ dm: fc.tuple(by, by) }) },
);
const someone = fc.uniqueArray(by, { minLength: 1, maxLength: 3 });
const roomOp = (op: 'join' | 'leave' | 'delete_room' | 'message' | 'history') => fc.record({ op: fc.constant(op), by, via, target });

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('create_room' as const), by, via, name, shout, isPrivate: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('create_group' as const), by, via, name, shout, members: someone }) },
  { weight: 3, arbitrary: roomOp('join') },
  { weight: 2, arbitrary: roomOp('leave') },
  { weight: 1, arbitrary: roomOp('delete_room') },
  { weight: 5, arbitrary: roomOp('message') },
  { weight: 1, arbitrary: roomOp('history') },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('invite' as const), by, via, target, members: someone }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('private' as const), by, via, peer: by }) },
  ...(['edit', 'redact', 'react'] as const).map((op) => ({
    weight: 2,
    arbitrary: fc.record({ op: fc.constant(op), by, via, target, nth: fc.nat({ max: 2 }), on: fc.boolean() }),
  })),
);

interface RoomModel {
  /** Canonical spelling, as the server replied it. */
  name: string;
  kind: 'room' | 'group' | 'direct';
  isPrivate: boolean;
  /** Index of the owner; undefined while only the server knows (the ownership passed on a tie). */
  owner: number | null | undefined;
  members: Set<number>;
  /** The messages the run sent here, oldest first, with who sent each and whether it is deleted. */
  messages: { seq: number; by: number; deleted: boolean }[];
}

/** A violation of the property: thrown with the commands so far, so that the report is a reproduction. */
class Violation extends Error {}

let runCounter = 0;

/** One run: a fresh set of room names, the private chats as the server has them, and the model. */
class Run {
  readonly prefix = `prop${process.pid % 1000}r${++runCounter}x`;
  readonly rooms = new Map<string, RoomModel>();
  readonly trace: string[] = [];
  private readonly cursors = new Map<RawSocket, number>();

  roomName(index: number): string {
    return `${this.prefix} n${index}`;
  }

  fail(message: string): never {
    throw new Violation(`${message}\nCommands so far:\n  ${this.trace.join('\n  ')}`);
  }

  /** Private chats outlive runs (the users do): learn them from the server, checking they look right. */
  async start(): Promise<void> {
    for (const person of people) {
      for (const socket of person.sockets) this.cursors.set(socket, socket.log.length);
      const mine = await http(server, 'GET', '/api/me/rooms', { token: person.user.token });
      for (const room of mine.body.rooms as Frame[]) {
        if (room.kind !== 'direct') continue;
        const peer = people.find((p) => room.name === privateRoomName(person.user.phone, p.user.phone));
        if (!peer) this.fail(`user ${person.index} lists the private chat ${room.name}, which is not theirs`);
        const members = [person.index, peer.index];
        this.rooms.set(room.name.toLowerCase(), { name: room.name, kind: 'direct', isPrivate: true, owner: null, members: new Set(members), messages: [] });
      }
    }
  }

  /** The name a command sends, and the model's key for it. */
  spell(t: Target): { sent: string; key: string } {
    if ('dm' in t) {
      const sent = privateRoomName(people[t.dm[0]]!.user.phone, people[t.dm[1]]!.user.phone);
      return { sent, key: sent.toLowerCase() };
    }
    const canonical = this.roomName(t.name);
    return { sent: t.shout ? canonical.toUpperCase() : canonical, key: canonical.toLowerCase() };
  }

  /** The message a command acts on: one the run sent to the room, if it sent any. */
  targetOf(cmd: { nth: number }, key: string): { seq: number; by: number; deleted: boolean } | undefined {
    const messages = this.rooms.get(key)?.messages ?? [];
    return messages[messages.length - 1 - (cmd.nth % Math.max(1, messages.length))];
  }

  /** The reply the permissions table gives, from the model alone. */
  predict(cmd: Command, key: string): 'ok' | ErrorCode {
    const room = this.rooms.get(key);
    // A room one may not see answers as if it did not exist.
    if (room && room.isPrivate && !room.members.has(cmd.by) && cmd.op !== 'create_room' && cmd.op !== 'create_group' && cmd.op !== 'private') return 'room_not_found';
    switch (cmd.op) {
      case 'edit':
      case 'redact':
      case 'react': {
        if (!room) return 'room_not_found';
        if (!room.members.has(cmd.by)) return 'forbidden';
        const message = this.targetOf(cmd, key);
        if (!message) return 'message_not_found';
        if (message.deleted) return cmd.op === 'redact' && message.by === cmd.by ? 'ok' : 'message_not_found';
        return cmd.op === 'react' || message.by === cmd.by ? 'ok' : 'forbidden';
      }
      case 'create_room':
      case 'create_group':
        return room ? 'room_exists' : 'ok';
      case 'private':
        return 'ok';
      case 'join':
        if (!room) return 'room_not_found';
        if (room.members.has(cmd.by)) return 'ok';
        return room.isPrivate ? 'forbidden' : 'ok';
      case 'message':
      case 'history':
        if (!room) return 'room_not_found';
        return room.members.has(cmd.by) ? 'ok' : 'forbidden';
      case 'invite':
      case 'leave':
        if (!room) return 'room_not_found';
        return room.members.has(cmd.by) && room.kind !== 'direct' ? 'ok' : 'forbidden';
      case 'delete_room':
        if (!room) return 'room_not_found';
        return room.members.has(cmd.by) && room.kind !== 'direct' && room.owner === cmd.by ? 'ok' : 'forbidden';
    }
  }

  frameOf(cmd: Command, sent: string, step: number): Frame {
    const phones = (indexes: number[]) => indexes.map((i) => people[i]!.user.phone);
    switch (cmd.op) {
      case 'create_room':
        return { type: 'create_room', room: sent, isPrivate: cmd.isPrivate };
      case 'create_group':
        return { type: 'create_group', room: sent, members: phones(cmd.members) };
      case 'invite':
        return { type: 'invite', room: sent, members: phones(cmd.members) };
      case 'private':
        return { type: 'private', phone: people[cmd.peer]!.user.phone };
      case 'message':
        return { type: 'message', room: sent, text: `${this.prefix} step ${step}`, clientMsgId: `${this.prefix}-${step}` };
      case 'edit':
      case 'redact':
      case 'react': {
        // Without a message of the run's own to act on, one that surely is none.
        const target = this.targetOf(cmd, sent.toLowerCase())?.seq ?? 2_000_000_000;
        if (cmd.op === 'edit') return { type: 'edit', room: sent, target, text: `${this.prefix} edited at ${step}` };
        if (cmd.op === 'redact') return { type: 'delete_message', room: sent, target };
        return { type: 'react', room: sent, target, emoji: '👍', on: cmd.on };
      }
      default:
        return { type: cmd.op, room: sent };
    }
  }

  async step(cmd: Command, step: number): Promise<void> {
    const actor = people[cmd.by]!;
    const socket = actor.sockets[cmd.via % actor.sockets.length]!;
    const { sent, key: spelledKey } =
      cmd.op === 'private'
        ? { sent: '', key: privateRoomName(actor.user.phone, people[cmd.peer]!.user.phone).toLowerCase() }
        : this.spell('target' in cmd ? cmd.target : { name: cmd.name, shout: cmd.shout });
    const key = spelledKey;
    const frame = this.frameOf(cmd, sent, step);
    this.trace.push(`${step}: user ${cmd.by} (socket ${cmd.via % actor.sockets.length}) ${JSON.stringify(frame)}`);
    const before = new Set(this.rooms.get(key)?.members ?? []);
    const expected = this.predict(cmd, key);
    const reply = await socket.request(frame);
    const got = reply.type === 'ok' ? 'ok' : (reply.code as string);
    if (got !== expected) this.fail(`step ${step}: expected ${expected}, got ${JSON.stringify(reply).slice(0, 400)}`);
    if (got === 'ok') this.apply(cmd, key, reply);
    const after = new Set(this.rooms.get(key)?.members ?? []);
    await this.checkPushes(step, key, before, after, cmd.op === 'message' && got === 'ok' ? { socket, seq: reply.seq as number } : null);
    await this.checkListings(step);
  }

  private apply(cmd: Command, key: string, reply: Frame): void {
    const phonesOf = (list: Frame[]) => list.map((u) => u.phone as string).sort();
    const phonesIn = (indexes: Iterable<number>) => [...indexes].map((i) => people[i]!.user.phone).sort();
    const room = this.rooms.get(key);
    switch (cmd.op) {
      case 'create_room':
        this.rooms.set(key, { name: reply.room, kind: 'room', isPrivate: cmd.isPrivate, owner: cmd.by, members: new Set([cmd.by]), messages: [] });
        return;
      case 'create_group': {
        const members = new Set([cmd.by, ...cmd.members]);
        this.rooms.set(key, { name: reply.room, kind: 'group', isPrivate: true, owner: cmd.by, members, messages: [] });
        if (JSON.stringify(phonesOf(reply.members)) !== JSON.stringify(phonesIn(members))) this.fail(`create_group listed members ${JSON.stringify(reply.members)}`);
        return;
      }
      case 'private':
        if (reply.room.toLowerCase() !== key) this.fail(`private opened ${reply.room}, not ${key}`);
        if (!room) this.rooms.set(key, { name: reply.room, kind: 'direct', isPrivate: true, owner: null, members: new Set([cmd.by, cmd.peer]), messages: [] });
        return;
      case 'join':
        // Joining again changes nothing; a newcomer to an empty public room becomes its owner.
        if (!room!.members.has(cmd.by) && room!.owner === null) room!.owner = cmd.by;
        room!.members.add(cmd.by);
        if (JSON.stringify(phonesOf(reply.members)) !== JSON.stringify(phonesIn(room!.members))) this.fail(`join listed members ${JSON.stringify(reply.members)}`);
        return;
      case 'invite': {
        const added = cmd.members.filter((i) => i !== cmd.by && !room!.members.has(i));
        if (JSON.stringify(phonesOf(reply.members)) !== JSON.stringify(phonesIn(added))) this.fail(`invite reported ${JSON.stringify(reply.members)} as added`);
        for (const i of added) room!.members.add(i);
        return;
      }
      case 'leave':
        room!.members.delete(cmd.by);
        if (room!.members.size === 0 && room!.isPrivate) this.rooms.delete(key);
        else if (room!.members.size === 0) room!.owner = null;
        // The longest-standing member takes over; joins in the same millisecond tie, so ask the server.
        else if (room!.owner === cmd.by) room!.owner = undefined;
        return;
      case 'delete_room':
        this.rooms.delete(key);
        return;
      case 'history':
        for (const entry of reply.messages as Frame[]) {
          if (entry.room !== room!.name) this.fail(`history of ${room!.name} held an entry of ${entry.room}`);
        }
        return;
      case 'message':
        room!.messages.push({ seq: reply.seq as number, by: cmd.by, deleted: false });
        return;
      case 'redact': {
        const message = this.targetOf(cmd, key)!;
        message.deleted = true;
        return;
      }
      case 'edit':
      case 'react':
        return;
    }
  }

  /**
   * Every push received since the last command must be about the command's room and reach only
   * its members before or after the command; a message must reach every other session of every member.
   */
  private async checkPushes(step: number, key: string, before: Set<number>, after: Set<number>, sent: { socket: RawSocket; seq: number } | null): Promise<void> {
    // Pushes are written before the command's reply; a ping answered on every socket after that
    // reply means each socket has received everything the command pushed to it.
    await Promise.all(people.flatMap((p) => p.sockets.map((s) => s.request({ type: 'ping' }))));
    for (const person of people) {
      for (const [i, socket] of person.sockets.entries()) {
        const from = this.cursors.get(socket) ?? 0;
        const frames = socket.log.slice(from).filter((f) => typeof f.room === 'string' && f.type !== 'ok' && f.type !== 'error');
        this.cursors.set(socket, socket.log.length);
        for (const frame of frames) {
          const where = `step ${step}: user ${person.index} socket ${i} got ${JSON.stringify(frame).slice(0, 300)}`;
          if (!before.has(person.index) && !after.has(person.index)) this.fail(`${where}, but is not a member of ${key}`);
          if (String(frame.room).toLowerCase() !== key) this.fail(`${where}, about another room than ${key}`);
        }
        if (sent) {
          const copies = frames.filter((f) => f.type === 'message' && f.seq === sent.seq).length;
          const wanted = after.has(person.index) && socket !== sent.socket ? 1 : 0;
          if (copies !== wanted) this.fail(`step ${step}: user ${person.index} socket ${i} got ${copies} copies of message seq ${sent.seq}, not ${wanted}`);
        }
      }
    }
  }

  /** GET /api/me/rooms and GET /api/rooms show each user exactly what the model says they may see. */
  private async checkListings(step: number): Promise<void> {
    const ours = (name: string) => name.toLowerCase().startsWith(this.prefix) || name.startsWith('private_room_');
    const sorted = (names: Iterable<string>) => [...names].sort();
    await Promise.all(
      people.map(async (person) => {
        const [mine, search, messages] = await Promise.all([
          http(server, 'GET', '/api/me/rooms', { token: person.user.token }),
          http(server, 'GET', `/api/rooms?q=${encodeURIComponent(this.prefix)}`, { token: person.user.token }),
          http(server, 'GET', `/api/search?q=${encodeURIComponent(this.prefix)}&limit=50`, { token: person.user.token }),
        ]);
        // Message search finds exactly the live messages of the rooms the user is in now.
        const readable = [...this.rooms.values()].filter((r) => r.members.has(person.index));
        const wantedMessages = sorted(readable.flatMap((r) => r.messages.filter((m) => !m.deleted).map((m) => `${r.name.toLowerCase()}#${m.seq}`)));
        const foundMessages = sorted((messages.body.results as Frame[]).map((m) => `${String(m.room).toLowerCase()}#${m.seq}`));
        if (JSON.stringify(foundMessages) !== JSON.stringify(wantedMessages) || messages.body.total !== wantedMessages.length) {
          this.fail(`after step ${step}: GET /api/search for user ${person.index} found ${JSON.stringify(foundMessages)} (total ${messages.body.total}), the model says ${JSON.stringify(wantedMessages)}`);
        }
        const listed = (mine.body.rooms as Frame[]).filter((r) => ours(r.name));
        const memberOf = [...this.rooms.values()].filter((r) => r.members.has(person.index));
        const got = JSON.stringify(sorted(listed.map((r) => r.name)));
        if (got !== JSON.stringify(sorted(memberOf.map((r) => r.name)))) {
          this.fail(`after step ${step}: GET /api/me/rooms for user ${person.index} listed ${got}, the model says ${JSON.stringify(sorted(memberOf.map((r) => r.name)))}`);
        }
        for (const entry of listed) {
          const model = this.rooms.get(entry.name.toLowerCase())!;
          if (entry.memberCount !== model.members.size) this.fail(`after step ${step}: ${entry.name} has ${entry.memberCount} members, the model ${model.members.size}`);
          const owner = entry.owner === null ? null : people.findIndex((p) => p.user.phone === entry.owner);
          if (owner !== null && !model.members.has(owner)) this.fail(`after step ${step}: ${entry.name} is owned by ${entry.owner}, who is not a member`);
          if (model.owner === undefined) model.owner = owner;
          else if (model.owner !== owner) this.fail(`after step ${step}: ${entry.name} is owned by ${entry.owner}, the model says user ${model.owner}`);
        }
        const visible = [...this.rooms.values()].filter((r) => r.kind !== 'direct' && (!r.isPrivate || r.members.has(person.index)));
        const found = JSON.stringify(sorted((search.body.rooms as Frame[]).map((r) => r.name)));
        if (found !== JSON.stringify(sorted(visible.map((r) => r.name)))) {
          this.fail(`after step ${step}: GET /api/rooms for user ${person.index} found ${found}, the model says ${JSON.stringify(sorted(visible.map((r) => r.name)))}`);
        }
      }),
    );
  }

  /** Every room name the run used, and every private chat: history pages for members only. */
  async finish(): Promise<void> {
    const names = new Set([...Array.from({ length: nameCount }, (_, i) => this.roomName(i).toLowerCase()), ...[...this.rooms.keys()].filter((k) => k.startsWith('private_room_'))]);
    for (const a of people) for (const b of people) names.add(privateRoomName(a.user.phone, b.user.phone));
    await Promise.all(
      people.map(async (person) => {
        for (const key of names) {
          const room = this.rooms.get(key);
          const page = await http(server, 'GET', historyPath(key), { token: person.user.token });
          const wanted = !room ? 404 : room.members.has(person.index) ? 200 : room.isPrivate ? 404 : 403;
          if (page.status !== wanted) this.fail(`at the end: GET history of ${key} for user ${person.index} answered ${page.status}, not ${wanted}`);
          if (page.status === 200 && (page.body.messages as Frame[]).some((e) => e.room !== room!.name)) this.fail(`at the end: the history of ${key} holds another room's entries`);
        }
        const chats = await http(server, 'GET', '/api/rooms?q=private_room', { token: person.user.token });
        if (chats.body.rooms.length !== 0) this.fail(`GET /api/rooms?q=private_room listed ${JSON.stringify(chats.body.rooms)}`);
      }),
    );
  }
}

describe('random sequences of room operations by random users', () => {
  it('never deliver a push, history page, member list or search result to someone who may not see it', async () => {
    let commands = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 30, size: 'max' }), async (cmds) => {
        const run = new Run();
        await run.start();
        for (const [step, cmd] of cmds.entries()) await run.step(cmd, step);
        await run.finish();
        commands += cmds.length;
      }),
      { numRuns: 50 },
    );
    expect(commands).toBeGreaterThan(100);
  }, 120_000);
});
