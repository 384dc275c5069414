import type { ErrorCode, FieldError } from './errors.js';
import type { FrameId } from './client-frames.js';
import type { DeleteEvent, HistoryEntry, MessageEvent, PublicUser, Room, StoredSystemEvent, User } from './models.js';

/** The payload of the `ok` reply to each client frame type. */
export interface OkPayloads {
  auth: { user: User };
  ping: Record<string, never>;
  create_room: { room: string; info: Room };
  create_group: { room: string; info: Room; members: PublicUser[] };
  invite: { room: string; members: PublicUser[] };
  join: { room: string; info: Room; members: PublicUser[]; lastSeq: number };
  leave: { room: string };
  delete_room: { room: string };
  private: { room: string; info: Room; peer: PublicUser };
  message: { room: string; seq: number; ts: string; clientMsgId: string };
  history: { room: string; messages: HistoryEntry[] };
  read: { room: string; seq: number };
}

export type OkFrame<T extends keyof OkPayloads = keyof OkPayloads> = { type: 'ok'; id?: FrameId } & OkPayloads[T];

export interface ErrorFrame {
  type: 'error';
  id?: FrameId;
  code: ErrorCode;
  message: string;
  fields?: FieldError[];
}

export interface PresenceFrame {
  type: 'presence';
  phone: string;
  online: boolean;
}

/** Frames the server pushes without being asked. */
export type PushFrame = MessageEvent | StoredSystemEvent | DeleteEvent | PresenceFrame;

export type ServerFrame = OkFrame | ErrorFrame | PushFrame;
