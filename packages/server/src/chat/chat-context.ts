import { ParleyError, type PublicUser, type User } from '@parley/protocol';
import type { Bus } from '../bus/bus.js';
import type { EntryRecord, NewEntry, RoomRecord, Storage } from '../storage/storage.js';
import type { ChatUser } from './session.js';
import type { Presence } from '../presence/presence.js';
import type { FanOut } from './fan-out.js';
import type { RoomNames, RoomRef } from './room-names.js';
import type { SessionRegistry } from './session-registry.js';
import { historyEntry } from './views.js';

/** What every chat operation works with: storage (the truth), the bus, presence, and this node's sessions. */
export interface ChatContext {
  storage: Storage;
  bus: Bus;
  presence: Presence;
  registry: SessionRegistry;
  fanOut: FanOut;
  roomNames: RoomNames;
}

function noSuchRoom(name: string): ParleyError {
  return new ParleyError('room_not_found', `There is no room named "${name}".`);
}

/** The whole room, read from storage (owner, kind, capacity: what may have changed). */
export async function requireRoom(ctx: ChatContext, name: string): Promise<RoomRecord> {
  const room = await ctx.storage.rooms.findRoomByName(name);
  if (!room) throw noSuchRoom(name);
  return room;
}

/** Just the room's id and name, from memory when known: what sending a message needs. */
export async function requireRoomRef(ctx: ChatContext, name: string): Promise<RoomRef> {
  const room = await ctx.roomNames.resolve(name);
  if (!room) throw noSuchRoom(name);
  return room;
}

export async function requireMember(ctx: ChatContext, room: RoomRecord, user: ChatUser): Promise<void> {
  if (!(await ctx.storage.rooms.isMember(room.id, user.id))) {
    throw new ParleyError('forbidden', `You are not a member of "${room.name}".`);
  }
}

/** Users as others see them, with whether each is online (on any node). */
export async function toPublicUsers(ctx: ChatContext, users: ChatUser[]): Promise<PublicUser[]> {
  const online = await ctx.presence.onlineAmong(users.map((u) => u.id));
  return users.map((u) => ({ name: u.name, phone: u.phone, online: online.has(u.id) }));
}

export async function toPublicUser(ctx: ChatContext, user: ChatUser): Promise<PublicUser> {
  return (await toPublicUsers(ctx, [user]))[0]!;
}

export function toUser(user: ChatUser): User {
  return { name: user.name, phone: user.phone };
}

export async function memberList(ctx: ChatContext, roomId: number): Promise<PublicUser[]> {
  return toPublicUsers(ctx, await ctx.storage.users.findUsersByIds(await ctx.storage.rooms.memberIds(roomId)));
}

/** Stores an entry, then pushes it to the room's sessions (but the one that caused it). */
export async function appendAndPublish(ctx: ChatContext, room: Pick<RoomRecord, 'id' | 'name'>, entry: NewEntry, skipConnId?: string): Promise<{ stored: EntryRecord; duplicate: boolean }> {
  const { entry: stored, duplicate } = await ctx.storage.messages.append(entry);
  if (!duplicate) {
    const frame = JSON.stringify(historyEntry(room.name, stored));
    ctx.bus.publish({ type: 'room', roomId: room.id, seq: stored.seq, frame, ...(skipConnId !== undefined ? { skipConnId } : {}) });
  }
  return { stored, duplicate };
}
