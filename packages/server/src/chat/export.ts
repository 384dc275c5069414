import type { User } from '@parley/protocol';
import { publicUser } from '../auth/accounts.js';
import type { RoomRecord, Storage, UserRecord } from '../storage/storage.js';
import type { ChatContext } from './chat-context.js';
import { eventView, referencedUsers } from './events/event-views.js';
import { roomInfo } from './views.js';

/** Events read per query while exporting, so one huge room never sits in memory whole. */
const pageSize = 500;

/**
 * A user's data request: a JSON document of their account, their pending invitations, the people
 * they blocked, and every room they are a member of with its members and its events as that
 * member sees them (the same view as history). Nothing of a room they are not in is read.
 * Yielded in pieces so the reply streams.
 */
export async function* exportUser(ctx: ChatContext, user: UserRecord): AsyncGenerator<string> {
  const invitations = await ctx.storage.consent.invitationsOf(user.id);
  const inviters = await ctx.storage.users.findUsersByIds([...new Set(invitations.map((i) => i.inviterId))]);
  const blocked = await ctx.storage.users.findUsersByIds(await ctx.storage.consent.blocked(user.id));
  const head = {
    format: 'parley-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    user: { ...publicUser(user), createdAt: user.createdAt },
    invitations: invitations.map((i) => ({ room: i.roomName, kind: i.kind, from: inviters.find((u) => u.id === i.inviterId)?.phone ?? null, createdAt: i.createdAt })),
    blocked: blocked.map((u) => ({ name: u.name, phone: u.phone })),
  };
  yield `${JSON.stringify(head).slice(0, -1)},"rooms":[`;
  let first = true;
  let after: { activityAt: string; roomId: number } | undefined;
  for (;;) {
    const page = await ctx.storage.rooms.roomsOfUser(user.id, { limit: 100, ...(after ? { after } : {}) });
    for (const room of page) {
      yield* exportRoomBody(ctx.storage, room, user.id, first ? '' : ',');
      first = false;
    }
    const last = page.at(-1);
    if (!last || page.length < 100) break;
    after = { activityAt: last.activityAt, roomId: last.id };
  }
  yield ']}\n';
}

/**
 * One room as a JSON object: its info, members and every event, as `viewerId` sees them (null:
 * as the server holds them, for an administrator's export). The caller has checked membership.
 * Over the storage alone, so that the `parley export-room` command needs no running server.
 */
export async function* exportRoomBody(storage: Storage, room: RoomRecord, viewerId: number | null, prefix = ''): AsyncGenerator<string> {
  const members = await storage.users.findUsersByIds(await storage.rooms.memberIds(room.id));
  yield `${prefix}{"room":${JSON.stringify(roomInfo(room))},"members":${JSON.stringify(members.map(publicUser))},"events":[`;
  const known = new Map<number, User>(members.map((u) => [u.id, publicUser(u)]));
  let seq = 0;
  let first = true;
  for (;;) {
    const events = await storage.events.history(room.id, { after: seq, limit: pageSize }, viewerId);
    if (events.length === 0) break;
    for (const event of events) known.set(event.senderId, event.sender);
    const missing = [...new Set(events.flatMap(referencedUsers))].filter((id) => !known.has(id));
    for (const u of await storage.users.findUsersByIds(missing)) known.set(u.id, publicUser(u));
    const frames = events.map((event) => eventView(room.name, event, (id) => known.get(id) ?? deletedUser));
    yield `${first ? '' : ','}${frames.map((f) => JSON.stringify(f)).join(',')}`;
    first = false;
    seq = events.at(-1)!.seq;
    if (events.length < pageSize) break;
  }
  yield ']}';
}

/** Who an event names when the account is gone (as the chat views show it). */
const deletedUser: User = { name: 'Deleted user', phone: '' };
