import type { ConnectionState, HistoryEntry, MySettings, MyStatus, NotifyLevel, OutboxMessage, Presence, PublicUser, Receipt, RoomKind, User } from '@parley/client';

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
  /**
   * Messages by others after lastReadSeq, as the server counts them (edits, reactions, deletes and
   * member events never count), kept current by live messages; absent in an older snapshot.
   */
  unread?: number;
  /** Of those, the ones that mention the signed-in user. */
  mentions?: number;
  /** The other person, for private chats. */
  peer?: PublicUser;
  /** What this chat notifies one of, the same on every device; absent in an older snapshot. */
  notify?: NotifyLevel;
}

/**
 * What is loaded of one room's history: a window of consecutive entries, usually ending at the
 * newest; opened at a message link or far back at the first unread, it may end before it.
 */
export interface Timeline {
  /** Ascending by seq, without gaps. */
  entries: HistoryEntry[];
  loaded: boolean;
  loadingOlder: boolean;
  loadingNewer: boolean;
  hasOlder: boolean;
  /** Entries after the window exist on the server (live ones are not appended until it is caught up). */
  hasNewer: boolean;
  /** The first entry that was unread when the room was opened: the "New messages" divider goes above it. */
  firstUnread: number | null;
  /** A message to bring into view and mark (a message link, or where one stood before a reload). */
  target: { seq: number; offset: number | null } | null;
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
  /** The list shown comes from the last visit (no connection yet). */
  roomsFromSnapshot: boolean;
  active: string | null;
  timelines: Record<string, Timeline>;
  members: Record<string, PublicUser[]>;
  /** Presence by phone, from member lists, search results and presence events. */
  online: Record<string, boolean>;
  /** The whole presence (status, custom text, last seen) by phone, from the same sources. */
  presence: Record<string, Presence>;
  /** One's own status as set, once loaded. */
  myStatus: MyStatus | null;
  /** Who is typing in each room now (oneself left out), as the server last said. */
  typing: Record<string, User[]>;
  /** How far the other members have read each room (loaded when a room opens, then live). */
  receipts: Record<string, Receipt[]>;
  /** The account's settings, once loaded. */
  settings: MySettings | null;
  /** The SDK's outbox: what was written here and is not acknowledged yet. */
  outbox: readonly OutboxMessage[];
  notices: Notice[];
}

export const emptyTimeline: Timeline = {
  entries: [],
  loaded: false,
  loadingOlder: false,
  loadingNewer: false,
  hasOlder: false,
  hasNewer: false,
  firstUnread: null,
  target: null,
  error: null,
};
