import { http } from './http.js';
import type { TestServer } from './server.js';
import { RawSocket, type Frame } from './socket.js';

/** A signed-up, signed-in user. */
export interface TestUser {
  name: string;
  phone: string;
  password: string;
  token: string;
}

let counter = 0;
const run = String(process.pid % 1000).padStart(3, '0');
const firstNames = ['Alice', 'Bao', 'Chidi', 'Dana', 'Emeka', 'Farah', 'Goran', 'Hana', 'Ines', 'Jun'];

/** A fresh 10-digit phone number, unique in this test process. */
export function uniquePhone(): string {
  counter += 1;
  return `7${run}${String(counter).padStart(6, '0')}`;
}

/** A room name unique in this test process. */
export function uniqueRoomName(prefix = 'Room'): string {
  counter += 1;
  return `${prefix} ${run}-${counter}`;
}

/** Signs a user up and in over raw HTTP. Each call costs one argon2id hash on sign-up and one on sign-in. */
export async function buildUser(server: TestServer, overrides: Partial<Pick<TestUser, 'name' | 'phone' | 'password'>> = {}): Promise<TestUser> {
  const phone = overrides.phone ?? uniquePhone();
  const name = overrides.name ?? `${firstNames[counter % firstNames.length]} ${phone.slice(-4)}`;
  const password = overrides.password ?? 'correct horse battery';
  const signup = await http(server, 'POST', '/api/signup', { body: { name, phone, password } });
  if (signup.status !== 201) throw new Error(`buildUser: signup answered ${signup.status} ${signup.text}`);
  const signin = await http(server, 'POST', '/api/signin', { body: { phone, password } });
  if (signin.status !== 200) throw new Error(`buildUser: signin answered ${signin.status} ${signin.text}`);
  return { name: signup.body.user.name, phone: signup.body.user.phone, password, token: signin.body.token };
}

/** Builds several users, one after the other (the hashing would only contend in parallel). */
export async function buildUsers(server: TestServer, count: number): Promise<TestUser[]> {
  const users: TestUser[] = [];
  for (let i = 0; i < count; i++) users.push(await buildUser(server));
  return users;
}

/** Signs an existing user in again: a second token, i.e. a second session. */
export async function signInAgain(server: TestServer, user: TestUser): Promise<string> {
  const reply = await http(server, 'POST', '/api/signin', { body: { phone: user.phone, password: user.password } });
  if (reply.status !== 200) throw new Error(`signInAgain: signin answered ${reply.status} ${reply.text}`);
  return reply.body.token as string;
}

/** Opens a raw WebSocket and authenticates it as the user (or with the given token). */
export async function connect(server: TestServer, user: TestUser, token: string = user.token): Promise<RawSocket> {
  const socket = await RawSocket.open(server.wsUrl);
  const reply = await socket.request({ type: 'auth', token, id: 'auth' });
  if (reply.type !== 'ok') throw new Error(`connect: auth answered ${JSON.stringify(reply)}`);
  return socket;
}

/** The public view of a user, as it appears in `from`, `user` and `members` entries. */
export function publicUser(user: TestUser): { name: string; phone: string } {
  return { name: user.name, phone: user.phone };
}

/** Creates a room through `socket` and returns the ok reply. */
export async function buildRoom(
  socket: RawSocket,
  options: { room?: string; description?: string; isPrivate?: boolean; maxParticipants?: number } = {},
): Promise<Frame> {
  return socket.ok({ type: 'create_room', ...options, room: options.room ?? uniqueRoomName() });
}

/** Sends a message and returns its ack. */
export async function sendMessage(socket: RawSocket, room: string, text: string, clientMsgId: string = `m-${++counter}`): Promise<Frame> {
  return socket.ok({ type: 'message', room, text, clientMsgId });
}

/**
 * Makes every two of these users contacts, as people become them: by opening a private chat.
 * Contacts add each other to groups and rooms at once; anyone else is only invited.
 */
export async function makeContacts(server: TestServer, ...users: TestUser[]): Promise<void> {
  for (const [i, user] of users.entries()) {
    if (i === users.length - 1) break;
    const socket = await connect(server, user);
    for (const other of users.slice(i + 1)) await socket.ok({ type: 'private', phone: other.phone });
    socket.close();
  }
}

/** Per-user budgets no test reaches: for tests that do thousands of operations as one user. */
export const unlimitedBudgets = Object.fromEntries(
  ['api', 'search', 'history', 'roomList', 'create', 'invite', 'join', 'private', 'export', 'read', 'settings', 'status'].map((kind) => [kind, { perMinute: 1e9, burst: 1e9 }]),
) as Record<'api' | 'search' | 'history' | 'roomList' | 'create' | 'invite' | 'join' | 'private' | 'export' | 'read' | 'settings' | 'status', { perMinute: number; burst: number }>;
