import { ParleyError, type PublicUser, type User } from '@parley/protocol';
import type { Bus } from '../bus/bus.js';
import type { Presence } from '../presence/presence.js';
import type { Storage, UserRecord } from '../storage/storage.js';
import type { UserLookup } from './events/event-views.js';
import type { FanOut } from './fan-out.js';
import type { RoomNames, RoomRef } from './room-names.js';
import type { ChatUser } from './socket.js';
import type { SocketRegistry } from './socket-registry.js';
import { defaultPresenceTimings, type PresenceSignals, type PresenceTimings } from './presence-signals.js';
import type { ReceiptSignals } from './receipt-signals.js';
import { typingBatchMs, type TypingSignals } from './typing-signals.js';

/** Server options the chat core applies. */
export interface ChatOptions {
  /** Rooms and groups one user may create in 24 hours (default 50). */
  roomsCreatedPerDay: number;
  /** Rooms, groups and private chats one user may belong to (default 2,000). */
  roomsPerUser: number;
  /** Presence timings: grace before offline, idle before away, batching (see PresenceTimings). */
  presence: PresenceTimings;
  /** Typing changes in one room within this long go out as one push (default 100 ms). */
  typingBatchMs: number;
}

export const defaultChatOptions: ChatOptions = { roomsCreatedPerDay: 50, roomsPerUser: 2000, presence: defaultPresenceTimings, typingBatchMs };

/** What every chat operation works with: storage (the truth), the bus, presence, and this node's sockets. */
export interface ChatContext {
  storage: Storage;
  bus: Bus;
  presence: Presence;
  registry: SocketRegistry;
  fanOut: FanOut;
  roomNames: RoomNames;
  typing: TypingSignals;
  receipts: ReceiptSignals;
  presenceSignals: PresenceSignals;
  options: ChatOptions;
}

/** Who performs an operation: a user, and the connection it came from (absent over HTTP). */
export interface Actor {
  user: ChatUser;
  connId?: string;
}

export function noSuchRoom(name: string): ParleyError {
  return new ParleyError('room_not_found', `There is no room named "${name}".`);
}

/** The room's id and name, from memory when known. */
export async function requireRoomRef(ctx: ChatContext, name: string): Promise<RoomRef> {
  const room = await ctx.roomNames.resolve(name);
  if (!room) throw noSuchRoom(name);
  return room;
}

export function toUser(user: ChatUser | UserRecord): User {
  return { name: user.name, phone: user.phone };
}

/** Users as others see them, with their presence (on any node; invisible ones look offline). */
export async function toPublicUsers(ctx: ChatContext, users: (ChatUser | UserRecord)[]): Promise<PublicUser[]> {
  const records = await fullRecords(ctx, users);
  const views = await ctx.presenceSignals.viewsOf(records);
  return records.map((u) => ({ name: u.name, phone: u.phone, ...views.get(u.id)! }));
}

/** The accounts behind these users, read only for those known by id and name alone. */
async function fullRecords(ctx: ChatContext, users: (ChatUser | UserRecord)[]): Promise<UserRecord[]> {
  const missing = users.filter((u) => !('status' in u)).map((u) => u.id);
  const read = new Map((missing.length > 0 ? await ctx.storage.users.findUsersByIds(missing) : []).map((u) => [u.id, u]));
  return users.flatMap((u) => ('status' in u ? [u] : read.has(u.id) ? [read.get(u.id)!] : []));
}

export async function toPublicUser(ctx: ChatContext, user: ChatUser | UserRecord): Promise<PublicUser> {
  return (await toPublicUsers(ctx, [user]))[0]!;
}

const unknownUser: User = { name: 'Deleted user', phone: '' };

/** Looks up users by id for rendering events: one query for all of them. */
export async function userLookup(ctx: ChatContext, ids: Iterable<number>, known: (ChatUser | UserRecord)[] = []): Promise<UserLookup> {
  const byId = new Map<number, User>(known.map((u) => [u.id, toUser(u)]));
  const missing = [...new Set(ids)].filter((id) => !byId.has(id));
  if (missing.length > 0) for (const u of await ctx.storage.users.findUsersByIds(missing)) byId.set(u.id, toUser(u));
  return (id) => byId.get(id) ?? unknownUser;
}

/** The accounts of these phones (the actor excluded); user_not_found naming any that has none. */
export async function usersByPhones(ctx: ChatContext, phones: string[], exclude: ChatUser, field = 'members'): Promise<UserRecord[]> {
  const wanted = [...new Set(phones)].filter((p) => p !== exclude.phone);
  const users = await ctx.storage.users.findUsersByPhones(wanted);
  const missing = wanted.filter((p) => !users.some((u) => u.phone === p));
  if (missing.length > 0) {
    throw new ParleyError('user_not_found', `No account has the phone number ${missing.join(', ')}.`, [{ field, message: `unknown: ${missing.join(', ')}` }]);
  }
  return users;
}

export async function memberList(ctx: ChatContext, roomId: number): Promise<PublicUser[]> {
  return toPublicUsers(ctx, await ctx.storage.users.findUsersByIds(await ctx.storage.rooms.memberIds(roomId)));
}
