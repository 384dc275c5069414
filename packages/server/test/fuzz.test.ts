import { errorCodes, privateRoomName } from '@parley/protocol';
import fc from 'fast-check';
import { readdir } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildUser, connect, signInAgain, unlimitedBudgets, type TestUser } from './helpers/builders.js';
import { historyPath, http } from './helpers/http.js';
import { describeOnEngines } from './helpers/engines.js';
import type { TestServer } from './helpers/server.js';
import type { Frame } from './helpers/socket.js';

// Random and malformed input, a lot of it: 40,000 WebSocket frames and 4,000 HTTP requests per
// engine in the suite (which must fit CI's 20 minutes); PARLEY_FUZZ_SCALE=10 runs ten times as many.
const scale = Math.max(1, Number(process.env.PARLEY_FUZZ_SCALE ?? 1) || 1);
const frameRuns = 40 * scale;
const httpRuns = 8 * scale;
// The server must answer every frame exactly once with ok or a registered error code, keep every
// connection open, never answer 5xx, never leave a rejection unhandled, and keep what it stored.
// The protection limits are lifted so that every frame reaches the handlers.
// The whole fuzz runs once per storage engine (PostgreSQL refuses strings and numbers SQLite takes).
const serverOptions = {
  limits: { framesPerSecond: 1e6, frameBurst: 1e6, authAttemptsPerAddress: 1e6, failedSigninsPerPhone: 1e6, takenPhoneSignupsPerAddress: 1e6, maxBufferedBytes: 1024 ** 3, userBudgets: unlimitedBudgets },
};
/** The server of the engine being fuzzed. */
let server: TestServer;

const codes = new Set(Object.keys(errorCodes));

/** fast-check's own report prints the whole failing batch (megabytes); the failure itself says enough. */
const brief = {
  endOnFailure: true,
  reporter(out: fc.RunDetails<any>) {
    if (!out.failed) return;
    const error = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
    throw new Error(`Failed at run ${out.numRuns} (seed ${out.seed}, path ${out.counterexamplePath}):\n${error.slice(0, 8000)}`);
  },
};
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => void rejections.push(reason);
beforeAll(() => void process.on('unhandledRejection', onRejection));
afterAll(() => void process.off('unhandledRejection', onRejection));

// Keeper owns the rooms whose history must survive; F1 and F2 fuzz over the WebSocket (members of
// those rooms, so that their fuzz can legitimately post there); H fuzzes over HTTP.
let keeper: TestUser;
let f1: TestUser;
let f2: TestUser;
let h: TestUser;
/** An upload of the keeper's, never sent: the fuzzers may name it but never send it. */
let keeperUpload = '';
const rooms = { square: 'Fuzz Square', vault: 'Fuzz Vault', crew: 'Fuzz Crew', dm: '' };
const kept = new Map<string, Frame[]>();

async function setUp(): Promise<void> {
  kept.clear();
  accepted = new AcceptedMessages();
  keeper = await buildUser(server, { name: 'Keeper' });
  f1 = await buildUser(server, { name: 'Fuzzy One' });
  f2 = await buildUser(server, { name: 'Fuzzy Two' });
  h = await buildUser(server, { name: 'Http Fuzzer' });
  const k = await connect(server, keeper);
  await k.ok({ type: 'create_room', room: rooms.square, description: 'public' });
  await k.ok({ type: 'create_room', room: rooms.vault, isPrivate: true });
  await k.ok({ type: 'create_group', room: rooms.crew, members: [f1.phone, f2.phone] });
  rooms.dm = (await k.ok({ type: 'private', phone: f1.phone })).room as string;
  await k.ok({ type: 'invite', room: rooms.vault, members: [f1.phone] });
  for (const user of [f1, f2]) await (await connect(server, user)).ok({ type: 'join', room: rooms.square });
  const form = new FormData();
  form.append('file', new Blob(['the keeper\'s']), 'keeper.txt');
  const uploaded = await fetch(`${server.url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${keeper.token}` }, body: form });
  keeperUpload = ((await uploaded.json()) as { upload: { id: string } }).upload.id;
  for (const room of Object.values(rooms)) {
    for (let i = 0; i < 3; i++) await k.ok({ type: 'message', room, text: `kept ${i} ✓ in ${room}`, clientMsgId: `kept-${room}-${i}` });
    kept.set(room, await fullHistory(room));
  }
}

/** A room's whole history, oldest first, as its keeper pages it. */
async function fullHistory(room: string): Promise<Frame[]> {
  const entries: Frame[] = [];
  for (;;) {
    const page = await http(server, 'GET', historyPath(room, { after: entries.at(-1)?.seq ?? 0, limit: 200 }), { token: keeper.token });
    expect(page.status).toBe(200);
    entries.push(...page.body.messages);
    if (page.body.messages.length < 200) return entries;
  }
}

// ---- What to send -------------------------------------------------------------------------------

const weirdNumber = fc.constantFrom(-1, -0, 0.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 1e308, -1e308, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 4001, 201);
// Deep nesting goes in as text (see `literal` below): as a value it would overflow the stack of
// whoever stringifies it, the test's reporter included.
const deep = fc.integer({ min: 50, max: 6000 }).chain((n) => fc.constantFrom('['.repeat(n) + ']'.repeat(n), '{"a":'.repeat(n) + '1' + '}'.repeat(n)));
const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  // U+0000 alone, inside and at either end: PostgreSQL's text cannot hold it.
  fc.string({ maxLength: 10 }).map((t) => `${t}\u0000${t}`),
  fc.constantFrom('', ' ', '\u0000', 'Fuzz Square\u0000', '\u0000m', '\n\t', '\ud800', 'null', '0', '-1', '1e400', '__proto__', 'constructor', 'x'.repeat(70), '🦜'.repeat(65), 'é'.normalize('NFD')),
  fc.integer(),
  fc.double(),
  weirdNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 4 }),
  fc.object({ maxDepth: 2 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Present and plausible, present and weird, or missing (undefined is dropped by JSON.stringify). */
const field = <T>(plausible: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 6, arbitrary: plausible as fc.Arbitrary<unknown> }, { weight: 3, arbitrary: weird }, { weight: 1, arbitrary: fc.constant(undefined) });

const roomNames = () => [...Object.values(rooms), rooms.square.toUpperCase(), ` ${rooms.crew} `, 'Nowhere', 'private_room_1_2', privateRoomName(f1.phone, f2.phone)];
const phones = () => [keeper.phone, f1.phone, f2.phone, h.phone, `+${f2.phone}`, '123', '99999999999999'];
// The arbitraries read the users' phones and room names when they generate, after beforeAll.
const room = fc.oneof({ weight: 4, arbitrary: fc.nat(100).map((i) => roomNames()[i % roomNames().length]!) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 70 }) });
const phone = fc.oneof(fc.nat(100).map((i) => phones()[i % phones().length]!), fc.stringMatching(/^\+?[0-9 -]{0,20}$/));
const text = fc.oneof(fc.string({ minLength: 1, maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.constantFrom('', '   ', '\ud83d', 'a\u0000b', '\u0000', 'x'.repeat(4000), 'x'.repeat(4001), 'y'.repeat(30_000)));
const seq = fc.oneof(fc.integer({ min: -3, max: 50 }), weirdNumber);
// Ids of uploads: well formed but unknown, someone else's (the keeper's), or not ids at all.
const uploadId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/), fc.constantFrom('', '../x', 'a b', '\ud83d', 'x'.repeat(65)), fc.nat(10).map(() => keeperUpload));
const frameTypes = ['auth', 'ping', 'create_room', 'create_group', 'invite', 'join', 'leave', 'delete_room', 'private', 'message', 'edit', 'delete_message', 'react', 'history', 'read', 'status', 'active'] as const;
const emoji = fc.oneof(fc.constantFrom('👍', '👍🏽', '👨‍👩‍👧', '🇫🇷', '❤️', '1️⃣', 'a', '👍👍', '', '\u200d', '\ud83d', '<b>'), fc.string({ unit: 'grapheme', maxLength: 4 }));

const typedFrame: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant('ping') }),
  fc.record({ type: fc.constant('auth'), token: field(fc.string({ maxLength: 300 })) }),
  fc.record({ type: fc.constant('create_room'), room: field(room), description: field(fc.string({ maxLength: 600 })), isPrivate: field(fc.boolean()), maxParticipants: field(fc.integer({ min: 0, max: 200_000 })) }),
  fc.record({ type: fc.constant('create_group'), room: field(room), members: field(fc.array(phone, { maxLength: 102 })), description: field(fc.string()) }),
  fc.record({ type: fc.constant('invite'), room: field(room), members: field(fc.array(phone, { maxLength: 5 })) }),
  fc.record({ type: fc.constantFrom('join', 'leave', 'delete_room'), room: field(room) }),
  fc.record({ type: fc.constant('private'), phone: field(phone) }),
  fc.record({ type: fc.constant('message'), room: field(room), text: field(text), clientMsgId: field(fc.string({ minLength: 0, maxLength: 66 })) }),
  fc.record({ type: fc.constant('message'), room: field(room), text: field(text), clientMsgId: field(fc.string({ minLength: 0, maxLength: 66 })) }),
  fc.record({ type: fc.constant('message'), room: field(room), text: field(text), clientMsgId: field(fc.string({ minLength: 1, maxLength: 10 })), replyTo: field(seq), mentions: field(fc.array(phone, { maxLength: 52 })) }),
  fc.record({ type: fc.constant('message'), room: field(room), text: field(text), clientMsgId: field(fc.string({ minLength: 1, maxLength: 10 })), attachments: field(fc.array(uploadId, { maxLength: 12 })) }),
  fc.record({ type: fc.constant('edit'), room: field(room), target: field(seq), text: field(text) }),
  fc.record({ type: fc.constant('delete_message'), room: field(room), target: field(seq) }),
  fc.record({ type: fc.constant('react'), room: field(room), target: field(seq), emoji: field(emoji), on: field(fc.boolean()) }),
  fc.record({ type: fc.constant('history'), room: field(room), before: field(seq), after: field(seq), limit: field(fc.integer({ min: -5, max: 300 })) }),
  fc.record({ type: fc.constant('read'), room: field(room), seq: field(seq) }),
  fc.record({
    type: fc.constant('status'),
    status: field(fc.constantFrom('online', 'away', 'busy', 'invisible', 'offline', '')),
    text: field(fc.oneof(text, fc.constant(null))),
    emoji: field(fc.oneof(emoji, fc.constant(null))),
    until: field(fc.oneof(fc.constantFrom('2099-01-01T00:00:00Z', '2001-01-01T00:00:00Z', 'soon', null), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()))),
  }),
  fc.record({ type: fc.constant('active') }),
  fc.record({ type: field(fc.constantFrom(...frameTypes, 'shout', 'PING', '')), room: field(room) }),
);

/** One frame to send. `unique`: the sender gives it an id of its own, to match the reply. */
type Fuzz =
  | { kind: 'frame'; frame: Record<string, unknown>; unique: boolean; literal?: string }
  | { kind: 'text'; text: string }
  | { kind: 'binary'; data: Uint8Array };

const fuzz: fc.Arbitrary<Fuzz> = fc.oneof(
  { weight: 50, arbitrary: typedFrame.map((frame): Fuzz => ({ kind: 'frame', frame, unique: true })) },
  // A number JSON.stringify cannot write (1e400 parses to Infinity; 1e-400 to 0; big integers lose
  // digits), or a value nested thousands deep.
  {
    weight: 5,
    arbitrary: fc
      .tuple(typedFrame, fc.constantFrom('before', 'after', 'seq', 'limit', 'maxParticipants', 'room', 'text'), fc.oneof(fc.constantFrom('1e400', '-1e400', '1e-400', '2147483648', '123456789012345678901234567890', '-0', '1E2', '0.0'), deep))
      .map(([frame, key, literal]): Fuzz => ({ kind: 'frame', frame: { ...frame, [key]: '§NUM§' }, unique: true, literal })),
  },
  { weight: 8, arbitrary: fc.tuple(typedFrame, weird).map(([frame, id]): Fuzz => ({ kind: 'frame', frame: { ...frame, id }, unique: false })) },
  { weight: 8, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value): Fuzz => ({ kind: 'text', text: JSON.stringify(value) })) },
  { weight: 4, arbitrary: fc.object({ maxDepth: 3 }).map((frame): Fuzz => ({ kind: 'frame', frame, unique: true })) },
  { weight: 8, arbitrary: fc.tuple(typedFrame, fc.double({ min: 0, max: 1, noNaN: true })).map(([frame, cut]): Fuzz => { const t = JSON.stringify({ ...frame, id: 'cut' }); return { kind: 'text', text: t.slice(0, Math.floor(cut * (t.length - 1))) }; }) },
  { weight: 6, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((t): Fuzz => ({ kind: 'text', text: t })) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', '{}', '[]', '""', '{"type":"ping","id":"a","id":"b"}', '{"type":"ping"}{"type":"ping"}').map((t): Fuzz => ({ kind: 'text', text: t })) },
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 300 }).map((data): Fuzz => ({ kind: 'binary', data })) },
);

// ---- The fuzzing connections ---------------------------------------------------------------------

/**
 * An authenticated `ws` connection that counts frames sent and replies received and checks each
 * reply as it arrives, keeping nothing else (the fuzz makes megabytes of history pages).
 */
class FuzzConnection {
  sent = 0;
  replies = 0;
  /** Frames sent over the connection's life. */
  total = 0;
  closed: { code: number; reason: string } | null = null;
  readonly problems: string[] = [];
  /** Unique id → replies received for it. */
  readonly pending = new Map<string | number, { frame: string; replies: number }>();
  /** What was sent since the last check, to show what came before a frame that got no reply. */
  private readonly batch: string[] = [];
  private waiter: (() => void) | null = null;

  constructor(
    readonly ws: WebSocket,
    readonly accepted: AcceptedMessages,
  ) {
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.waiter?.();
    });
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return void this.problems.push('the server sent a binary frame');
      let frame: Frame;
      try {
        frame = JSON.parse(data.toString()) as Frame;
      } catch {
        return void this.problems.push(`the server sent a frame that is not JSON: ${data.toString().slice(0, 100)}`);
      }
      if (frame.type !== 'ok' && frame.type !== 'error') return; // a push
      this.replies++;
      this.check(frame);
      if (this.replies >= this.sent) this.waiter?.();
    });
  }

  static async open(user: TestUser, accepted: AcceptedMessages): Promise<FuzzConnection> {
    const ws = new WebSocket(server.wsUrl);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const conn = new FuzzConnection(ws, accepted);
    conn.send({ kind: 'frame', frame: { type: 'auth', token: user.token }, unique: true });
    await conn.settled();
    if (conn.problems.length > 0) throw new Error(conn.problems.join('\n'));
    return conn;
  }

  private nextId = 0;

  send(item: Fuzz): void {
    this.sent++;
    this.total++;
    if (item.kind === 'binary') {
      this.batch.push(`(binary, ${item.data.length} bytes)`);
      return this.ws.send(item.data, { binary: true });
    }
    if (item.kind === 'text') {
      this.batch.push(item.text);
      return this.ws.send(item.text);
    }
    const frame = { ...item.frame };
    let id: string | number | undefined;
    if (item.unique) {
      // Alternate string and integer ids, far from anything the generators make.
      id = ++this.nextId % 2 === 0 ? `fz:${this.nextId}` : 8e15 + this.nextId;
      frame.id = id;
    }
    let text = JSON.stringify(frame);
    if (item.literal) text = text.replace('"§NUM§"', item.literal);
    // Frames over the limit are a test of their own (they close the connection): such a rare
    // combination of big fields is sent without its largest field.
    let sent = frame;
    if (Buffer.byteLength(text) > 64 * 1024) {
      sent = { ...frame, text: 'trimmed' };
      text = JSON.stringify(sent).replace('"§NUM§"', '0');
    }
    if (id !== undefined) this.pending.set(id, { frame: text.slice(0, 300), replies: 0 });
    this.batch.push(text);
    this.accepted.sent(sent);
    this.ws.send(text);
  }

  private check(reply: Frame): void {
    const where = () => `reply ${JSON.stringify(reply).slice(0, 300)}`;
    if (reply.type === 'error') {
      if (!codes.has(reply.code)) this.problems.push(`${where()}: code not in the registry`);
      if (reply.code === 'internal' || reply.code === 'unavailable') this.problems.push(`${where()}: the server failed`);
      if (typeof reply.message !== 'string') this.problems.push(`${where()}: no message`);
    }
    this.accepted.replied(reply);
    const pending = reply.id === undefined ? undefined : this.pending.get(reply.id);
    if (!pending) return;
    pending.replies++;
    if (pending.replies > 1) this.problems.push(`${where()}: a second reply to ${pending.frame}`);
  }

  /** Resolves once every frame sent has its reply (or the connection closed). */
  settled(timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiter = () => {
        if (this.replies >= this.sent || this.closed) {
          this.waiter = null;
          done();
        }
      };
      this.waiter();
    });
  }

  /** What went wrong since the last call: problems, ids never answered, a close. */
  takeProblems(): string[] {
    const found = [...this.problems];
    this.problems.length = 0;
    if (this.replies !== this.sent) {
      found.push(`${this.sent} frames sent, ${this.replies} replies`);
      const first = [...this.pending.values()].find((p) => p.replies === 0);
      const at = first ? this.batch.findIndex((t) => t.startsWith(first.frame)) : -1;
      if (at >= 0) found.push(`the first frame left unanswered, and the three before it:\n    ${this.batch.slice(Math.max(0, at - 3), at + 1).map((t) => t.slice(0, 400)).join('\n    ')}`);
    }
    this.batch.length = 0;
    for (const [id, pending] of this.pending) {
      if (pending.replies !== 1) found.push(`${pending.replies} replies to ${pending.frame}`);
      this.pending.delete(id);
    }
    if (this.closed) found.push(`the connection closed: ${this.closed.code} ${this.closed.reason}`);
    return found;
  }
}

/**
 * Messages the fuzz got acknowledged: besides membership events, the only change allowed in the kept
 * rooms. Any frame may be the one stored (one with an odd but usable id too), so every text sent
 * is kept by clientMsgId, and every ack by room and seq.
 */
class AcceptedMessages {
  readonly textsByClientMsgId = new Map<string, Set<string>>();
  /** "room#seq" → clientMsgId. */
  readonly acks = new Map<string, string>();

  /** Texts the fuzz sent in edit frames: a message's current text may be one of them. */
  readonly editTexts = new Set<string>();

  sent(frame: Record<string, unknown>): void {
    if (frame.type === 'edit' && typeof frame.text === 'string') this.editTexts.add(frame.text);
    if (frame.type !== 'message' || typeof frame.text !== 'string' || typeof frame.clientMsgId !== 'string') return;
    const texts = this.textsByClientMsgId.get(frame.clientMsgId) ?? new Set<string>();
    texts.add(frame.text);
    this.textsByClientMsgId.set(frame.clientMsgId, texts);
  }

  replied(reply: Frame): void {
    if (reply.type === 'ok' && typeof reply.seq === 'number' && typeof reply.clientMsgId === 'string') this.acks.set(`${reply.room}#${reply.seq}`, reply.clientMsgId);
  }
}

let accepted = new AcceptedMessages();

// ---- The tests -----------------------------------------------------------------------------------

const webSocketFuzz = () =>
  describe('WebSocket fuzz', () => {
  let conns: FuzzConnection[] = [];
  let framesSent = 0;

  afterAll(() => {
    for (const conn of conns) conn.ws.terminate();
  });

  it(`answers each of ${(frameRuns * 1000).toLocaleString('en')} random and malformed frames exactly once, with ok or a registered code, and keeps the connections open`, async () => {
    conns = [await FuzzConnection.open(f1, accepted), await FuzzConnection.open(f1, accepted), await FuzzConnection.open(f2, accepted), await FuzzConnection.open(f2, accepted)];
    await fc.assert(
      fc.asyncProperty(fc.array(fuzz, { minLength: 1000, maxLength: 1000 }), async (batch) => {
        batch.forEach((item, i) => conns[i % conns.length]!.send(item));
        framesSent += batch.length;
        await Promise.all(conns.map((c) => c.settled()));
        const problems = conns.flatMap((c, i) => c.takeProblems().map((p) => `connection ${i}: ${p}`));
        if (problems.length > 0) throw new Error(`${problems.length} problems:\n${problems.filter((p) => !p.includes(": 0 replies to")).slice(0, 20).join('\n')}`);
      }),
      { ...brief, numRuns: frameRuns },
    );
    expect(framesSent).toBeGreaterThanOrEqual(frameRuns * 1000);
  }, 120_000 * scale);

  it('answers random frames before auth with unauthorized or invalid_input, and keeps the connection open for auth', async () => {
    const frames = fc.sample(fuzz, { numRuns: 3000, seed: 4 }).filter((item) => !(item.kind === 'frame' && item.frame.type === 'auth') && !(item.kind === 'text' && item.text.includes('auth')));
    const ws = new WebSocket(server.wsUrl);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const conn = new FuzzConnection(ws, accepted);
    const seen = new Set<string>();
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (frame.type === 'error') seen.add(frame.code);
    });
    for (const item of frames) conn.send(item);
    await conn.settled();
    expect(conn.takeProblems()).toEqual([]);
    expect([...seen].sort()).toEqual(['invalid_input', 'unauthorized']);
    conn.send({ kind: 'frame', frame: { type: 'auth', token: f2.token }, unique: true });
    await conn.settled();
    expect(conn.takeProblems()).toEqual([]);
    ws.terminate();
  });

  it('closes a connection that sends a frame over 64 KiB with 1009, and one with invalid UTF-8 with 1007; a frame of exactly 64 KiB is answered', async () => {
    const over = 64 * 1024 + 1;
    const exactly = JSON.stringify({ type: 'message', room: rooms.square, text: '', clientMsgId: 'exact', id: 'exact' });
    const cases: { auth: TestUser | null; send: (ws: WebSocket) => void; code: number | null }[] = [
      { auth: f1, send: (ws) => ws.send('x'.repeat(over)), code: 1009 },
      { auth: f1, send: (ws) => ws.send(Buffer.alloc(over, 7), { binary: true }), code: 1009 },
      { auth: f2, send: (ws) => ws.send(JSON.stringify({ type: 'message', room: rooms.square, text: 'z'.repeat(over), clientMsgId: 'big', id: 'big' })), code: 1009 },
      { auth: null, send: (ws) => ws.send('{'.repeat(over)), code: 1009 },
      { auth: f2, send: (ws) => ws.send(Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]), { binary: false }), code: 1007 },
      // Padded with spaces inside the text: too long for a message, but not for a frame.
      { auth: f2, send: (ws) => ws.send(exactly.replace('"text":""', `"text":"${' '.repeat(64 * 1024 - exactly.length)}"`)), code: null },
    ];
    for (const { auth, send, code } of cases) {
      const ws = new WebSocket(server.wsUrl);
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const conn = new FuzzConnection(ws, accepted);
      if (auth) {
        conn.send({ kind: 'frame', frame: { type: 'auth', token: auth.token }, unique: true });
        await conn.settled();
      }
      const closed = new Promise<number>((resolve) => ws.once('close', (c) => resolve(c)));
      const replied = new Promise<Frame>((resolve) => ws.on('message', (d) => resolve(JSON.parse(d.toString()) as Frame)));
      send(ws);
      if (code === null) {
        expect(await replied).toMatchObject({ type: 'error', id: 'exact', code: 'invalid_input' });
        ws.terminate();
      } else {
        expect(await closed).toBe(code);
      }
    }
    expect((await http(server, 'GET', '/api/health')).status).toBe(200);
  });
});

// ---- HTTP ------------------------------------------------------------------------------------------

interface HttpFuzz {
  method: string;
  path: string;
  auth: 'valid' | 'none' | string;
  contentType: string | null;
  body: string | Uint8Array | null;
}

const routes: [string, string][] = [
  ['POST', '/api/signup'],
  ['POST', '/api/signin'],
  ['POST', '/api/signout'],
  ['POST', '/api/password'],
  ['GET', '/api/me'],
  ['GET', '/api/me/rooms'],
  ['GET', '/api/users'],
  ['GET', '/api/rooms'],
  ['GET', '/api/rooms/:room/messages'],
  ['GET', '/api/health'],
  ['GET', '/api/rooms/:room/files'],
  ['GET', '/api/uploads/:room'],
  ['GET', '/api/uploads/:room/thumbnail'],
  ['POST', '/api/uploads/cookie'],
  ['GET', '/api/search'],
];
const encoded = (s: fc.Arbitrary<string>) => s.map((v) => encodeURIComponent(v));
// Search queries a user or an attacker may type: the language's operators with good and bad
// values, FTS5 and tsquery syntax, LIKE wildcards, SQL, quotes left open, stars alone.
const searchWord = fc.oneof(
  fc.constantFrom('hello', 'wor*', 'a*', '*', '-*', '**', '"', '"open', '"a b"', '-x', 'NEAR(', 'NEAR(a b, 2)', 'OR', 'AND', 'NOT', '(', ')', 'col:', 'text:x', '^x', '+x', '{a b}:x', 'a:b:c'),
  fc.constantFrom('from:me', 'from:', 'from:"A B"', 'in:', 'in:"Fuzz Square"', 'in:nowhere', 'is:dm', 'is:mentioned', 'is:', 'is:x', '-is:dm', 'has:file', 'has:image', 'has:link', 'has:reaction', 'has:x', 'has:'),
  fc.constantFrom('before:2024-01-01', 'after:2024-02-30', 'on:2024-13-01', 'during:2024-02', 'during:2024', 'on:', "'; DROP TABLE users; --", '%', '_', '\\', "''", ':*', "'a':*", '&', '|', '!', '<->', 'v2.3.1', 'ann@example.com', 'https://x.org/?a=1'),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);
const searchSoup = fc.array(searchWord, { maxLength: 30 }).map((words) => words.join(' '));
const garbageSegment = fc.constantFrom('%', '%ZZ', '%E0%A4%A', '..', '%2e%2e', '%00', 'a%2Fb', 'x'.repeat(300), '%F0%9F%98%80', '%C0%AF', '');
const segment = fc.oneof(encoded(room), encoded(fc.string({ unit: 'binary', maxLength: 30 })), garbageSegment);
const queryValue = fc.oneof(encoded(fc.string({ unit: 'binary', maxLength: 20 })), fc.constantFrom('1', '0', '-1', '50', '51', '200', '201', '2147483647', '2147483648', '4294967296', 'a%00b', '1e400', '1.5', '0x10', '', 'NaN', 'x'.repeat(101), '%ZZ', '%00'), fc.integer().map(String));
const query = fc.array(fc.tuple(fc.constantFrom('q', 'limit', 'before', 'after', 'around', 'sort', 'cursor', 'tz', 'room', 'online', 'status', 'joined', 'kind', 'q[]', 'limit[0]', '__proto__', 'x'), fc.oneof(queryValue, encoded(searchSoup))), { maxLength: 4 }).map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));
const httpBody: fc.Arbitrary<string | Uint8Array | null> = fc.oneof(
  { weight: 15, arbitrary: fc.constant(null) },
  {
    weight: 40,
    arbitrary: fc
      .record({
        name: field(fc.string({ maxLength: 70 })),
        phone: field(phone),
        password: field(fc.oneof(fc.string({ minLength: 8, maxLength: 20 }), fc.constant('§PASSWORD§'))),
        oldPassword: field(fc.oneof(fc.string({ maxLength: 20 }), fc.constant('§PASSWORD§'))),
        newPassword: field(fc.oneof(fc.string({ minLength: 8, maxLength: 20 }), fc.string({ maxLength: 7 }))),
      })
      .map((b) => JSON.stringify(b)),
  },
  { weight: 15, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 10, arbitrary: fc.tuple(fc.json(), fc.double({ min: 0, max: 1, noNaN: true })).map(([j, cut]) => j.slice(0, Math.floor(cut * j.length))) },
  { weight: 10, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 5, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 5, arbitrary: fc.constantFrom('', ' ', 'null', '{}', '[]', '{"a":' + '['.repeat(3000)) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(70_000)) },
);
const httpFuzz: fc.Arbitrary<HttpFuzz> = fc.record({
  route: fc.constantFrom(...routes),
  method: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') }),
  segment,
  query,
  randomPath: fc.oneof(
    { weight: 9, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('api', 'api/rooms', 'ws', 'x'), fc.array(segment, { maxLength: 4 })).map(([root, parts]) => `/${root}/${parts.join('/')}`) },
  ),
  auth: fc.oneof({ weight: 6, arbitrary: fc.constant('valid') }, { weight: 2, arbitrary: fc.constant('none') }, { weight: 2, arbitrary: fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 60 }), fc.constantFrom('Bearer', 'Bearer ', 'bearer x', 'Basic abc', `Bearer ${'a'.repeat(5000)}`)) }),
  contentType: fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 3, arbitrary: fc.constantFrom(null, '', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/jsonx', '*/*') },
  ),
  body: httpBody,
}).map(({ route, method, segment: seg, query: q, randomPath, auth, contentType, body }) => ({
  method: method ?? route[0],
  path: (randomPath ?? route[1].replace(':room', seg)) + q,
  auth,
  contentType,
  body,
}));

const agent = new Agent({ keepAlive: true, maxSockets: 16 });
afterAll(() => agent.destroy());

/** One request exactly as specified; resolves with the status and body, or the client-side error. */
function send(spec: HttpFuzz, token: string, password: string): Promise<{ status: number; text: string } | { error: string }> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    if (spec.contentType !== null) headers['content-type'] = spec.contentType;
    if (spec.auth === 'valid') headers.authorization = `Bearer ${token}`;
    else if (spec.auth !== 'none') headers.authorization = spec.auth;
    const body = typeof spec.body === 'string' ? spec.body.replaceAll('§PASSWORD§', password) : spec.body;
    // Node sends a GET's body without a length unless told: the server would read it as the next request.
    if (body !== null) headers['content-length'] = String(Buffer.byteLength(body));
    const url = new URL(server.url);
    const req = request({ host: url.hostname, port: url.port, method: spec.method, path: spec.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on('error', (e) => resolve({ error: e.message }));
    });
    req.on('error', (e) => resolve({ error: e.message }));
    if (body !== null) req.end(body);
    else req.end();
  });
}

const httpFuzzSuite = () =>
  describe('HTTP fuzz', () => {
  it(`answers ${(httpRuns * 500).toLocaleString('en')} random requests to every route without a 5xx, each error a JSON body with a registered code and its status`, async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(httpFuzz, { minLength: 500, maxLength: 500 }), async (batch) => {
        const problems: string[] = [];
        let next = 0;
        // Requests that end sessions go one at a time, so that the token and password the fuzz
        // keeps for H are the ones the server has.
        let lock: Promise<unknown> = Promise.resolve();
        const worker = async () => {
          while (next < batch.length) {
            const spec = batch[next++]!;
            if (/^\/api\/(password|signout)/.test(spec.path)) {
              const turn = lock.then(() => fire(spec));
              lock = turn.catch(() => undefined);
              await turn;
            } else await fire(spec);
          }
        };
        const fire = async (spec: HttpFuzz) => {
          {
            const { token, password } = h;
            const answer = await send(spec, token, password);
            const what = `${spec.method} ${spec.path.slice(0, 120)} (${spec.contentType}, ${typeof spec.body === 'string' ? spec.body.slice(0, 80) : spec.body ? 'bytes' : 'no body'})`;
            if ('error' in answer) {
              // The server may stop reading a body over the limit and close the socket.
              const big = spec.body !== null && spec.body.length > 64 * 1024;
              if (!big) problems.push(`${what}: ${answer.error}`);
              return;
            }
            if (answer.status >= 500) problems.push(`${what}: ${answer.status} ${answer.text.slice(0, 200)}`);
            if (answer.status >= 400 && spec.method !== 'HEAD') {
              let code: unknown;
              let fastifyCode: unknown;
              try {
                const parsed = JSON.parse(answer.text) as { code?: unknown; error?: { code?: unknown } };
                code = parsed.error?.code;
                fastifyCode = parsed.code;
              } catch {
                code = undefined;
              }
              // Known bugs with tests of their own below: Fastify's URL errors pass by the error boundary.
              const known = fastifyCode === 'FST_ERR_BAD_URL' || fastifyCode === 'FST_ERR_MAX_PARAM_LENGTH';
              if (known) return;
              if (typeof code !== 'string' || !codes.has(code)) problems.push(`${what}: ${answer.status} without a registered code: ${answer.text.slice(0, 200)}`);
              else if (errorCodes[code as keyof typeof errorCodes].status !== answer.status) problems.push(`${what}: ${answer.status} for ${code}`);
            }
            // Keep a working token for the rest of the fuzz when this request ended it.
            if (answer.status === 200 && spec.path.startsWith('/api/password') && spec.method === 'POST' && token === h.token) {
              const reply = JSON.parse(answer.text) as { token: string };
              h.token = reply.token;
              h.password = (JSON.parse(String(spec.body).replaceAll('§PASSWORD§', password)) as { newPassword: string }).newPassword;
            }
            if (answer.status === 204 && spec.path.startsWith('/api/signout') && spec.auth === 'valid' && token === h.token) h.token = await signInAgain(server, h);
          }
        };
        await Promise.all(Array.from({ length: 16 }, worker));
        sent += batch.length;
        if (problems.length > 0) throw new Error(`${problems.length} problems:\n${problems.filter((p) => !p.includes(": 0 replies to")).slice(0, 20).join('\n')}`);
      }),
      { ...brief, numRuns: httpRuns },
    );
    expect(sent).toBeGreaterThanOrEqual(httpRuns * 500);
    // The account the fuzz used still works with what the fuzz last set.
    expect((await http(server, 'POST', '/api/signin', { body: { phone: h.phone, password: h.password } })).status).toBe(200);
  }, 120_000 * scale);
});


// ---- Multipart -------------------------------------------------------------------------------------

// Bodies for POST /api/uploads: boundaries declared and used (matching or not, empty, quoted,
// overlong), no parts, a part without the file, extra parts, huge and broken part headers, no
// closing boundary, a body cut anywhere. Each must be answered 201 or with a registered code.
const multipartRuns = 4 * scale;
const tinyPng = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000'
  + '1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4b90000000049454e44ae426082', 'hex');
const boundary = fc.oneof({ weight: 6, arbitrary: fc.constant('B0undary') }, { weight: 2, arbitrary: fc.constantFrom('', 'other', 'x'.repeat(200), 'B0', '--') }, { weight: 1, arbitrary: fc.stringMatching(/^[ -~]{0,40}$/) });
const partHeader = fc.oneof(
  fc.constantFrom('Content-Type: image/png', 'Content-Type: text/html', 'Content-Type:', 'Content-Transfer-Encoding: base64', 'no colon here', ''),
  fc.constant(`X-Huge: ${'h'.repeat(100_000)}`),
  fc.string({ unit: 'binary-ascii', maxLength: 60 }),
);
const part = fc.record({
  name: fc.oneof({ weight: 4, arbitrary: fc.constant('file') }, { weight: 1, arbitrary: fc.constantFrom('other', '', 'FILE', '"', 'file"; x="') }),
  filename: fc.oneof(fc.constant(null), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('photo.png', '../../etc/passwd', 'a\u0000b.txt', 'x'.repeat(300), '')),
  headers: fc.array(partHeader, { maxLength: 2 }),
  content: fc.oneof(fc.uint8Array({ maxLength: 1500 }).map((b) => Buffer.from(b)), fc.constant(tinyPng), fc.constant(Buffer.from('<svg onload="alert(1)"/>'))),
});
const multipartFuzz = fc.record({
  declared: boundary,
  used: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: boundary }),
  contentType: fc.oneof({ weight: 8, arbitrary: fc.constant('multipart/form-data; boundary=§') }, { weight: 1, arbitrary: fc.constantFrom('multipart/form-data', 'multipart/form-data; boundary="§"', 'multipart/mixed; boundary=§', 'multipart/form-data; boundary=§; boundary=x', 'multipart/form-data;boundary=') }),
  parts: fc.array(part, { maxLength: 3 }),
  closed: fc.boolean(),
  cut: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }),
}).map(({ declared, used, contentType, parts, closed, cut }): HttpFuzz => {
  const b = used ?? declared;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `Content-Disposition: form-data; name="${p.name}"${p.filename !== null ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${b}\r\n${[disposition, ...p.headers].join('\r\n')}\r\n\r\n`), p.content, Buffer.from('\r\n'));
  }
  if (closed) chunks.push(Buffer.from(`--${b}--\r\n`));
  const whole = Buffer.concat(chunks);
  return { method: 'POST', path: '/api/uploads', auth: 'valid', contentType: contentType.replaceAll('§', declared), body: new Uint8Array(whole.subarray(0, Math.floor(whole.length * cut))) };
});

const multipartFuzzSuite = () =>
  describe('multipart fuzz', () => {
  it(`answers ${(multipartRuns * 50).toLocaleString('en')} malformed upload bodies with 201 or a registered code, never a 5xx`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(multipartFuzz, { minLength: 50, maxLength: 50 }), async (batch) => {
        const problems: string[] = [];
        await Promise.all(
          batch.map(async (spec) => {
            const answer = await send(spec, h.token, h.password);
            const what = `${spec.contentType} (${spec.body?.length} bytes)`;
            // An early refusal closes the connection: a client may see it cut.
            if ('error' in answer) return void (spec.body !== null && spec.body.length > 64 * 1024 ? undefined : problems.push(`${what}: ${answer.error}`));
            if (answer.status === 201) return;
            let code: unknown;
            try {
              code = (JSON.parse(answer.text) as { error?: { code?: unknown } }).error?.code;
            } catch {
              code = undefined;
            }
            if (answer.status >= 500 || typeof code !== 'string' || !codes.has(code) || errorCodes[code as keyof typeof errorCodes].status !== answer.status) {
              problems.push(`${what}: ${answer.status} ${answer.text.slice(0, 200)}`);
            }
          }),
        );
        if (problems.length > 0) throw new Error(`${problems.length} problems:\n${problems.slice(0, 10).join('\n')}`);
      }),
      { ...brief, numRuns: multipartRuns },
    );
    // Nothing the fuzz sent left a temporary file behind, and the server is up.
    await expect.poll(() => readdir(join(server.dataDir, 'blobs', 'tmp')), { timeout: 5000 }).toEqual([]);
    expect((await http(server, 'GET', '/api/health')).status).toBe(200);
  }, 60_000 * scale);
});

// ---- Afterwards ------------------------------------------------------------------------------------

const afterTheFuzz = () =>
  describe('after the fuzz', () => {
  it('is up: health answers and a fresh connection answers a ping', async () => {
    expect((await http(server, 'GET', '/api/health')).body).toEqual({ status: 'ok' });
    const socket = await connect(server, keeper);
    expect((await socket.request({ type: 'ping' })).type).toBe('ok');
  });

  it('left no rejection unhandled', () => {
    expect(rejections.map(String)).toEqual([]);
  });

  it('kept every stored entry; the kept rooms only grew by the messages the fuzz got acknowledged and by its own events', async () => {
    const fuzzers = new Set([f1.phone, f2.phone]);
    // What the fuzz may change of a message that was there before: the reactions on it.
    const unreacted = (entries: Frame[]) => entries.map(({ reactions: _r, stateSeq: _s, ...rest }) => rest);
    for (const [room, before] of kept) {
      const after = await fullHistory(room);
      expect(unreacted(after.slice(0, before.length)), `${room}: the entries from before`).toEqual(unreacted(before));
      expect(after.map((e) => e.seq), `${room}: seqs without gaps`).toEqual(after.map((_, i) => i + 1));
      for (const entry of after.slice(before.length)) {
        if (entry.type === 'message') {
          const ack = accepted.acks.get(`${entry.room}#${entry.seq}`);
          expect(ack, `${room}: a stored message nobody got acknowledged: ${JSON.stringify(entry).slice(0, 200)}`).toBeDefined();
          expect(entry.clientMsgId).toBe(ack);
          if (!entry.deleted) {
            const texts = [...(accepted.textsByClientMsgId.get(ack!) ?? []), ...(entry.editedAt ? accepted.editTexts : [])];
            expect(texts, `${room} seq ${entry.seq}: the text as sent or as edited`).toContain(entry.text);
          }
          expect(fuzzers.has(entry.from.phone)).toBe(true);
        } else if (entry.type === 'system') {
          expect(entry).toMatchObject({ type: 'system', event: expect.stringMatching(/^(join|leave|invite|owner)$/) });
          expect(fuzzers.has(entry.user.phone) || entry.event === 'owner', JSON.stringify(entry)).toBe(true);
        } else {
          expect(entry.type).toMatch(/^(edit|redact|reaction)$/);
          expect(fuzzers.has(entry.from.phone), JSON.stringify(entry)).toBe(true);
        }
      }
      for (const key of accepted.acks.keys()) {
        const [name, seq] = [key.slice(0, key.lastIndexOf('#')), Number(key.slice(key.lastIndexOf('#') + 1))];
        if (name === room) expect(after.some((e) => e.seq === seq && e.type === 'message'), `acknowledged ${key} is stored`).toBe(true);
      }
    }
  });
});

// ---- What the fuzz found --------------------------------------------------------------------------
// Server bugs the fuzz found, each reduced to its smallest reproduction, kept as regression tests.

// ---- Search ----------------------------------------------------------------------------------------

const searchRuns = 4 * scale;
const searchFuzzSuite = () =>
  describe('search fuzz', () => {
  const ask = async (params: Record<string, string>) => {
    const reply = await http(server, 'GET', `/api/search?${new URLSearchParams(params)}`, { token: h.token });
    return { status: reply.status, code: reply.body?.error?.code as string | undefined, text: reply.text };
  };
  it(`answers ${(searchRuns * 100).toLocaleString('en')} hostile search queries with results, invalid_input or the room scope's refusal, never a 5xx`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(searchSoup, fc.constantFrom('recent', 'relevance'), fc.option(fc.constantFrom('Fuzz Square', 'Fuzz Crew'))), { minLength: 100, maxLength: 100 }), async (batch) => {
        const problems: string[] = [];
        for (const [q, sort, room] of batch) {
          const answer = await ask({ q, sort, ...(room ? { room } : {}) });
          // A room scope (the parameter or in:) the fuzzer may not read answers as history does.
          const scoped = (answer.status === 403 && answer.code === 'forbidden') || (answer.status === 404 && answer.code === 'room_not_found');
          if (!(answer.status === 200 || (answer.status === 400 && answer.code === 'invalid_input') || scoped)) problems.push(`${JSON.stringify(q)} (${sort}): ${answer.status} ${answer.text.slice(0, 200)}`);
        }
        if (problems.length > 0) throw new Error(`${problems.length} problems:\n${problems.slice(0, 20).join('\n')}`);
      }),
      { ...brief, numRuns: searchRuns },
    );
  }, 120_000 * scale);

  it('answers the named hostile queries with results or invalid_input', async () => {
    const named = ['"open', 'a "b', '"', '*', '-*', 'NEAR(', 'NEAR(a b)', 'OR', 'a OR', 'col:', 'text:hello', "'a':*", '!', '<->'];
    // As many operators as a URL can carry (Node refuses headers over 16 KiB before any route).
    named.push('is:dm '.repeat(2000), 'x:y '.repeat(2000), 'has:link'.repeat(1000));
    for (const q of named) {
      for (const sort of ['recent', 'relevance']) {
        const answer = await ask({ q, sort });
        expect(answer.status === 200 || (answer.status === 400 && answer.code === 'invalid_input'), `${q.slice(0, 40)} (${sort}): ${answer.status} ${answer.text.slice(0, 200)}`).toBe(true);
      }
    }
    expect((await ask({ q: '*' })).code).toBe('invalid_input');
    expect((await ask({ q: '"open' })).code).toBe('invalid_input');
    expect((await ask({ q: 'is:dm '.repeat(2000) })).code).toBe('invalid_input');
    expect((await ask({ q: 'col:' })).status).toBe(200);
    expect((await ask({ q: 'OR' })).status).toBe(200);
  });
});

const fuzzFindings = () =>
  describe('fuzz findings', () => {
  it('answers a path with malformed percent-encoding with 400 invalid_input in the registry’s shape', async () => {
    const reply = await http(server, 'GET', '/api/rooms/%E0%A4%A/messages', { token: h.token });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: { code: 'invalid_input', message: expect.any(String) } });
  });

  it('serves the history of a room named with 64 emoji, a legal name, over HTTP', async () => {
    const socket = await connect(server, keeper);
    const room = '🦜'.repeat(64);
    await socket.ok({ type: 'create_room', room });
    const page = await http(server, 'GET', historyPath(room), { token: keeper.token });
    expect(page.status).toBe(200);
  });

  it('answers a room name over 100 characters in the URL with 400 invalid_input in the registry’s shape', async () => {
    const page = await http(server, 'GET', historyPath('y'.repeat(101)), { token: keeper.token });
    expect(page.status).toBe(400);
    expect(page.body.error.code).toBe('invalid_input');
  });

  it('refuses a message text or clientMsgId with a lone surrogate, which no UTF-8 store could keep', async () => {
    const sender = await connect(server, keeper);
    const text = await sender.request({ type: 'message', room: rooms.square, text: 'a\ud83db', clientMsgId: 'lone-surrogate' });
    expect(text).toMatchObject({ type: 'error', code: 'invalid_input', fields: [{ field: 'text', message: 'must be valid Unicode text (no lone surrogates)' }] });
    const id = await sender.request({ type: 'message', room: rooms.square, text: 'fine', clientMsgId: 'x\udc00' });
    expect(id).toMatchObject({ type: 'error', code: 'invalid_input', fields: [{ field: 'clientMsgId' }] });
  });

  it('answers a join that races the room’s deletion with ok or room_not_found, never internal (PostgreSQL’s foreign key)', async () => {
    const [owner, joiner] = [await connect(server, keeper), await connect(server, f2)];
    const answers = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const room = `Race ${i} ${Date.now()}`;
      await owner.ok({ type: 'create_room', room });
      const [joined, deleted] = await Promise.all([joiner.request({ type: 'join', room }), owner.request({ type: 'delete_room', room })]);
      expect(deleted.type).toBe('ok');
      answers.add(joined.type === 'ok' ? 'ok' : joined.code);
    }
    expect([...answers].filter((a) => a !== 'ok' && a !== 'room_not_found')).toEqual([]);
  });

  it('refuses room names with a lone surrogate, so that two cannot come back under one name', async () => {
    const socket = await connect(server, keeper);
    for (const room of ['Lone \ud800', 'Lone \ud801']) {
      expect(await socket.request({ type: 'create_room', room })).toMatchObject({ type: 'error', code: 'invalid_input', fields: [{ field: 'room' }] });
    }
  });
});

describeOnEngines('fuzz', serverOptions, (engineServer) => {
  beforeAll(async () => {
    server = engineServer;
    await setUp();
  });
  webSocketFuzz();
  httpFuzzSuite();
  multipartFuzzSuite();
  searchFuzzSuite();
  afterTheFuzz();
  fuzzFindings();
});
