import type { ConnectionState, HistoryEntry, PublicUser, RoomKind, User } from '@parley/client';

/** One row of the room list: a room, group or private chat the user belongs to. */
export interface RoomSummary {
  name: string;
  kind: RoomKind;
  description: string;
  isPrivate: boolean;
  owner: string | null;
  memberCount: number;
  createdAt: string;
  lastSeq: number;
  lastReadSeq: number;
  lastEntry: HistoryEntry | null;
  /** The other person, for private chats. */
  peer?: PublicUser;
}

/** A message typed here that the server has not acknowledged yet (or refused). */
export interface PendingMessage {
  clientMsgId: string;
  text: string;
  ts: string;
  status: 'pending' | 'failed';
  error?: string;
}

/** What is loaded of one room's history. */
export interface Timeline {
  /** Ascending by seq. */
  entries: HistoryEntry[];
  pending: PendingMessage[];
  loaded: boolean;
  loadingOlder: boolean;
  hasOlder: boolean;
  error: string | null;
}

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

export interface ChatState {
  me: User | null;
  connection: ConnectionState;
  /** Most recent activity first. */
  rooms: RoomSummary[];
  roomsLoaded: boolean;
  active: string | null;
  timelines: Record<string, Timeline>;
  members: Record<string, PublicUser[]>;
  /** Presence by phone, from member lists, search results and presence events. */
  online: Record<string, boolean>;
  notices: Notice[];
}

export const emptyTimeline: Timeline = { entries: [], pending: [], loaded: false, loadingOlder: false, hasOlder: false, error: null };
