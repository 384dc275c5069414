import type { MessageEvent, RoomEvent, StoredSystemEvent, User } from '@parley/protocol';
import { attachmentView, type AttachmentBody } from '../../uploads/attachment-view.js';
import type { EventView } from './command.js';
import type { EditBody } from './edit.js';
import type { MemberBody } from './member.js';
import type { ReactionBody } from './reaction.js';

/** Finds a user by id for rendering; someone no longer known shows as a deleted user. */
export type UserLookup = (id: number) => User;

// The seed's system messages, word for word; `owner` in the same voice.
export const systemText = {
  join: (user: User, room: string) => `${user.name} has joined the room ${room}.`,
  leave: (user: User, room: string) => `${user.name} has left the room ${room}.`,
  invite: (user: User, added: User[], room: string) => `${user.name} added ${added.map((u) => u.name).join(', ')} to the room ${room}.`,
  owner: (user: User, room: string) => `${user.name} is now the owner of the room ${room}.`,
  delete: (room: string) => `The room ${room} has been deleted.`,
};

/** The user ids an event's frame names besides its sender (to look them up in one go). */
export function referencedUsers(event: EventView): number[] {
  const ids: number[] = [];
  if (event.type === 'member') ids.push(...((event.body as unknown as MemberBody).users ?? []));
  if (event.message) {
    ids.push(...event.message.mentions);
    if (event.message.quote) ids.push(event.message.quote.senderId);
    for (const r of event.message.reactions) ids.push(...r.userIds);
  }
  return ids;
}

function messageView(room: string, event: EventView, from: User, users: UserLookup): MessageEvent {
  const state = event.message;
  const body = event.body as { text?: string; replyTo?: number; mentions?: number[]; attachments?: AttachmentBody[] };
  const text = state ? state.text : (body.text ?? null);
  const frame: MessageEvent = { type: 'message', room, seq: event.seq, ts: event.ts, from, clientMsgId: event.clientMsgId ?? '' };
  if (text !== null) frame.text = text;
  const attachments = state ? state.attachments : (body.attachments ?? []);
  if (attachments.length > 0 && !state?.deleted) frame.attachments = attachments.map(attachmentView);
  const replyTo = state?.replyTo ?? body.replyTo ?? null;
  if (replyTo !== null) frame.replyTo = replyTo;
  if (state?.quote) {
    const q = state.quote;
    frame.quote = { from: users(q.senderId), ...(q.deleted || q.text === null ? { deleted: true as const } : { text: q.text }) };
  }
  const mentions = state?.mentions ?? body.mentions ?? [];
  if (mentions.length > 0) frame.mentions = mentions.map((id) => users(id).phone);
  if (state) {
    if (state.editedAt) frame.editedAt = state.editedAt;
    if (state.deleted) frame.deleted = true;
    if (state.reactions.length > 0) {
      frame.reactions = state.reactions.map((r) => ({ emoji: r.emoji, count: r.count, ...(r.me !== undefined ? { me: r.me } : {}), users: r.userIds.map(users) }));
    }
    // Absent means the message is as sent: the frame of a new message keeps the seed's shape.
    if (state.stateSeq > event.seq) frame.stateSeq = state.stateSeq;
  }
  return frame;
}

function systemView(room: string, event: EventView, from: User, users: UserLookup): StoredSystemEvent {
  const body = event.body as unknown as MemberBody;
  const base = { type: 'system' as const, room, seq: event.seq, ts: event.ts };
  switch (body.op) {
    case 'invite': {
      const members = body.users.map(users);
      return { ...base, event: 'invite', user: from, members, message: systemText.invite(from, members, room) };
    }
    case 'owner': {
      const owner = users(body.users[0] ?? event.senderId);
      return { ...base, event: 'owner', user: owner, message: systemText.owner(owner, room) };
    }
    default:
      return { ...base, event: body.op, user: from, message: systemText[body.op](from, room) };
  }
}

/**
 * The wire form of a room event, whether pushed live or read from history: each stored type
 * (message, edit, redact, reaction, member) as its protocol frame.
 */
export function eventView(room: string, event: EventView, users: UserLookup): RoomEvent {
  const from = users(event.senderId);
  const base = { room, seq: event.seq, ts: event.ts, from };
  switch (event.type) {
    case 'message':
      return messageView(room, event, from, users);
    case 'edit': {
      const text = (event.body as EditBody).text;
      return { type: 'edit', ...base, target: event.targetSeq!, ...(text !== undefined ? { text } : {}) };
    }
    case 'redact':
      return { type: 'redact', ...base, target: event.targetSeq! };
    case 'reaction': {
      const body = event.body as unknown as ReactionBody;
      return { type: 'reaction', ...base, target: event.targetSeq!, emoji: body.emoji, on: body.on };
    }
    case 'member':
      return systemView(room, event, from, users);
    default:
      throw new Error(`no view for event type ${event.type}`);
  }
}
