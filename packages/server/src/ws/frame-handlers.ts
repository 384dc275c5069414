import type { ClientFrameBody, ClientFrameType, OkPayloads } from '@parley/protocol';
import type { Actor, ChatContext } from '../chat/chat-context.js';
import { acceptInvitation, declineInvitation } from '../chat/consent.js';
import { acceptMessage, deleteMessage, editMessage, history, markRead, react, setTyping } from '../chat/messages.js';
import { createGroup, createRoom, deleteRoom, invite, join, leave, openPrivate } from '../chat/rooms.js';
import type { ChatSocket } from '../chat/socket.js';
import { reportActivity, setStatus } from '../chat/status.js';
import { roomInfo } from '../chat/views.js';
import type { UserActionKind } from '../limits/user-limiter.js';

/**
 * What an authenticated frame does. A handler resolves once the frame is accepted, so that the
 * next frame of the same connection may start; `reply` resolves with the ok payload when the
 * work is done. Only messages differ: they are accepted once queued for the group commit, so a
 * client can pipeline sends while keeping their order.
 */
export type FrameHandler<T extends ClientFrameType> = (ctx: ChatContext, socket: ChatSocket, body: ClientFrameBody<T>) => Promise<{ reply: Promise<object> }>;

type Handlers = { [T in Exclude<ClientFrameType, 'auth'>]: FrameHandler<T> };

const now = <T extends object>(work: Promise<T>) => work.then((payload) => ({ reply: Promise.resolve(payload as object) }));

function actorOf(socket: ChatSocket): Actor {
  return { user: socket.user, connId: socket.conn.id };
}

export const frameHandlers: Handlers = {
  ping: async () => ({ reply: Promise.resolve({}) }),
  create_room: (ctx, s, body) => now(createRoom(ctx, actorOf(s), body).then((room): OkPayloads['create_room'] => ({ room: room.name, info: roomInfo(room) }))),
  create_group: (ctx, s, body) =>
    now(createGroup(ctx, actorOf(s), body).then(({ room, members, invited }): OkPayloads['create_group'] => ({ room: room.name, info: roomInfo(room), members, invited }))),
  invite: (ctx, s, body) => now(invite(ctx, actorOf(s), body).then(({ members, invited }): OkPayloads['invite'] => ({ room: body.room, members, invited }))),
  join: (ctx, s, body) =>
    now(join(ctx, actorOf(s), body).then(({ room, members }): OkPayloads['join'] => ({ room: room.name, info: roomInfo(room), members, lastSeq: room.lastSeq }))),
  leave: (ctx, s, body) => now(leave(ctx, actorOf(s), body)),
  delete_room: (ctx, s, body) => now(deleteRoom(ctx, actorOf(s), body)),
  private: (ctx, s, body) => now(openPrivate(ctx, actorOf(s), body).then(({ room, peer }): OkPayloads['private'] => ({ room: room.name, info: roomInfo(room), peer }))),
  message: async (ctx, s, body) => ({ reply: (await acceptMessage(ctx, actorOf(s), body)).stored }),
  edit: (ctx, s, body) => now(editMessage(ctx, actorOf(s), body)),
  delete_message: (ctx, s, body) => now(deleteMessage(ctx, actorOf(s), body)),
  react: (ctx, s, body) => now(react(ctx, actorOf(s), body)),
  accept_invitation: (ctx, s, body) =>
    now(acceptInvitation(ctx, actorOf(s), body).then(({ room, members }): OkPayloads['accept_invitation'] => ({ room: room.name, info: roomInfo(room), members, lastSeq: room.lastSeq }))),
  decline_invitation: (ctx, s, body) => now(declineInvitation(ctx, actorOf(s), body)),
  history: (ctx, s, body) => now(history(ctx, actorOf(s), body)),
  read: (ctx, s, body) => now(markRead(ctx, actorOf(s), body)),
  typing: (ctx, s, body) => now(setTyping(ctx, actorOf(s), body)),
  status: (ctx, s, body) => now(setStatus(ctx, actorOf(s), body)),
  active: (ctx, s) => now(reportActivity(ctx, actorOf(s))),
};

/** The frames that spend a per-user budget (see UserLimiter): each costs a query or a write. */
export const frameBudgets: { readonly [T in ClientFrameType]?: UserActionKind } = {
  history: 'history',
  create_room: 'create',
  create_group: 'create',
  invite: 'invite',
  join: 'join',
  private: 'private',
  accept_invitation: 'join',
  decline_invitation: 'join',
  read: 'read',
  status: 'status',
};
