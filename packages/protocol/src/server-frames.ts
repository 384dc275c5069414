import type { ErrorCode, FieldError } from './errors.js';
import type { FrameId } from './client-frames.js';
import type { DeleteEvent, Invitation, MyStatus, NotifyLevel, Presence, PublicUser, Room, User } from './models.js';
import type { HistoryEntry, RoomEvent } from './room-events.js';

/** The ack of a change to a message (edit, delete, reaction): the seq its event took. */
export interface MessageChangeAck {
  room: string;
  target: number;
  /** False when the change was already in place (the same reaction, a delete of a deleted message, the same text): nothing was stored. */
  changed: boolean;
  /** The event's seq and time, when something changed. */
  seq?: number;
  ts?: string;
}

/** The payload of the `ok` reply to each client frame type. */
export interface OkPayloads {
  auth: { user: User };
  ping: Record<string, never>;
  create_room: { room: string; info: Room };
  /** `members`: in the group now; `invited`: people who are not the creator's contacts, asked to accept. */
  create_group: { room: string; info: Room; members: PublicUser[]; invited: User[] };
  /** `members`: added; `invited`: asked to accept, since they are not the inviter's contacts. */
  invite: { room: string; members: PublicUser[]; invited: User[] };
  join: { room: string; info: Room; members: PublicUser[]; lastSeq: number };
  leave: { room: string };
  delete_room: { room: string };
  private: { room: string; info: Room; peer: PublicUser };
  message: { room: string; seq: number; ts: string; clientMsgId: string };
  edit: MessageChangeAck;
  delete_message: MessageChangeAck;
  react: MessageChangeAck;
  accept_invitation: { room: string; info: Room; members: PublicUser[]; lastSeq: number };
  decline_invitation: { room: string };
  history: { room: string; messages: HistoryEntry[] };
  read: { room: string; seq: number };
  typing: { room: string };
  status: MyStatus;
  active: Record<string, never>;
}

export type OkFrame<T extends keyof OkPayloads = keyof OkPayloads> = { type: 'ok'; id?: FrameId } & OkPayloads[T];

export interface ErrorFrame {
  type: 'error';
  id?: FrameId;
  code: ErrorCode;
  message: string;
  fields?: FieldError[];
}

/**
 * A user's presence changed, as the recipient may see it (invisible users look offline). Sent only
 * to users who share a room with them, at most one a second about each user.
 */
export interface PresenceFrame extends Presence {
  type: 'presence';
  phone: string;
}

/** One's own status changed on another connection: the status menu follows on this one. */
export interface StatusFrame extends MyStatus {
  type: 'status';
}

/**
 * Several users' presence changed within the same second: one frame for all of them, so that a
 * room where hundreds come and go costs each member at most one presence frame a second. The
 * SDK hands each entry on as a `presence` event.
 */
export interface PresencesFrame {
  type: 'presences';
  users: Omit<PresenceFrame, 'type'>[];
}

/**
 * Who is typing in a room now, the recipient left out: the whole list, replacing the last one
 * (an empty list: nobody). Never stored, no seq.
 */
export interface TypingFrame {
  type: 'typing';
  room: string;
  users: User[];
}

/** One's own read marker moved forward on another connection: the unread count follows on this one. */
export interface ReadFrame {
  type: 'read';
  room: string;
  seq: number;
}

/** One's notification level for a chat changed (on any device): every connection of one's own follows. */
export interface NotifyFrame {
  type: 'notify';
  room: string;
  level: NotifyLevel;
}

/**
 * Another member read the room up to `seq` (a forward move only). Not sent about, nor to, users
 * who turned read receipts off. No seq of its own, never stored beyond the read marker.
 */
export interface ReceiptFrame {
  type: 'receipt';
  room: string;
  phone: string;
  seq: number;
}

/** An invitation to a room, sent to the invitee's sockets; the list is `GET /api/me/invitations`. */
export interface InvitationFrame extends Invitation {
  type: 'invitation';
}

/** Frames the server pushes without being asked: room events, the room-deleted notice, and signals. */
export type PushFrame = RoomEvent | DeleteEvent | PresenceFrame | InvitationFrame | TypingFrame | ReadFrame | ReceiptFrame | PresencesFrame | StatusFrame | NotifyFrame;
export type PushFrameType = PushFrame['type'];

/**
 * Every push type, for clients that route frames by type: the SDK forwards exactly these, so a new
 * push is added here (and to PushFrame) and nowhere else.
 */
export const pushFrameTypes: readonly PushFrameType[] = ['message', 'edit', 'redact', 'reaction', 'system', 'presence', 'invitation', 'typing', 'read', 'receipt', 'presences', 'status', 'notify'];

export function isPushFrame(frame: { type?: unknown }): frame is PushFrame {
  return (pushFrameTypes as readonly unknown[]).includes(frame.type);
}

export type ServerFrame = OkFrame | ErrorFrame | PushFrame;
