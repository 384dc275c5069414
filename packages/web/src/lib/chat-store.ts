import { ParleyError, type DeleteEvent, type EditEvent, type ReactionEvent, type RedactEvent, type HistoryEntry, type ParleyClient, type MySettings, type MyStatus, type Presence, type PresenceFrame, type PublicUser, type Receipt, type ReceiptFrame, type StateChange, type StoredSystemEvent, type TypingFrame } from '@parley/client';
import { emptyTimeline, type ChatState, type RoomSummary, type Timeline } from './chat-types.js';
import { describeError } from './errors.js';
import { loadSnapshot, saveSnapshot } from './offline-snapshot.js';
import { unknownPresence } from './presence-text.js';
import { withReceipt } from './read-points.js';
import { mergeEntries } from './timeline.js';
import { takeDeviceLevels } from './notify-settings.js';
import { readUpTo, sortRooms, summaryFromMyRoom, unreadCount, withEntry } from './room-summary.js';

export const pageSize = 50;
const snapshotDelayMs = 1000;

/**
 * The chat page's state, fed by the SDK's events and by the user's actions, read by React with
 * useSyncExternalStore. Each change replaces the state object, so components compare by reference.
 */
export class ChatStore {
  private state: ChatState;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: (() => void)[] = [];
  private noticeId = 0;
  private wasOpen = false;
  private roomsLoading: Promise<void> | null = null;
  private roomsStale = false;
  private stopped = false;
  private snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  /** Timelines taken from the last visit's snapshot, until the server has been asked. */
  private readonly fromSnapshot = new Set<string>();

  constructor(
    readonly client: ParleyClient,
    /** The signed-in account's phone, known from the stored session before any connection. */
    readonly phone: string,
    /** Called when the server refuses the session (signed out elsewhere, token expired). */
    private readonly onSessionEnded: () => void,
  ) {
    this.state = {
      me: client.user,
      connection: client.state,
      rooms: [],
      roomsLoaded: false,
      roomsFromSnapshot: false,
      active: null,
      timelines: {},
      members: {},
      online: {},
      presence: {},
      myStatus: null,
      typing: {},
      receipts: {},
      settings: null,
      outbox: client.outbox.messages(),
      notices: [],
    };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): ChatState => this.state;

  /** Shows the last visit's list and the unsent messages at once, then connects; events flow from here on. */
  start(): void {
    this.stopped = false;
    this.unsubscribe.push(
      this.client.on('message', (event) => this.onEntry(event)),
      this.client.on('system', (event) => this.onSystem(event)),
      this.client.on('edit', (event) => this.onChange(event)),
      this.client.on('redact', (event) => this.onChange(event)),
      this.client.on('reaction', (event) => this.onChange(event)),
      this.client.on('presence', (event) => this.onPresence(event)),
      this.client.on('typing', (event) => this.onTyping(event)),
      // Read on another device or tab: the unread count here follows at once.
      this.client.on('read', (event) => this.updateRoom(event.room, (r) => readUpTo(r, event.seq))),
      this.client.on('receipt', (event) => this.onReceipt(event)),
      // A chat's notifications changed on another device or tab: this one follows.
      this.client.on('notify', (event) => this.updateRoom(event.room, (r) => ({ ...r, notify: event.level }))),
      // Set on another device or tab: the status menu follows.
      this.client.on('status', ({ status, text, emoji, until }) => this.setMyStatus({ status, text, emoji, until })),
      this.client.on('state', (change) => this.onState(change)),
      this.client.outbox.on('change', () => this.set({ outbox: this.client.outbox.messages() })),
    );
    void this.client.outbox.open(this.phone).catch(() => undefined);
    void loadSnapshot(this.phone).then((snapshot) => {
      if (!snapshot || this.state.roomsLoaded || this.stopped) return;
      const timelines: Record<string, Timeline> = {};
      for (const [room, entries] of Object.entries(snapshot.entries)) {
        if (this.state.timelines[room]) continue;
        timelines[room] = { ...emptyTimeline, entries, loaded: true, hasOlder: (entries[0]?.seq ?? 1) > 1 };
        this.fromSnapshot.add(room);
      }
      this.set({ rooms: sortRooms(snapshot.rooms), roomsLoaded: true, roomsFromSnapshot: true, timelines: { ...timelines, ...this.state.timelines } });
    });
    this.client.connect().then(
      (me) => {
        this.set({ me });
        // <img> and <video> fetch files with this HttpOnly cookie, as they cannot send the token.
        void this.client.api.enableMediaCookie().catch(() => undefined);
      },
      () => {
        // The state event already says why (closed with a terminal code).
      },
    );
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.snapshotTimer);
    for (const off of this.unsubscribe.splice(0)) off();
  }

  set(patch: Partial<ChatState>): void {
    if (this.stopped) return;
    this.state = { ...this.state, ...patch };
    if ((patch.rooms || patch.timelines) && !this.state.roomsFromSnapshot) this.scheduleSnapshot();
    for (const listener of [...this.listeners]) listener();
  }

  /** A note for the person; the Notices component decides how long it stays. */
  notify(text: string, tone: 'info' | 'error' = 'info'): void {
    const id = ++this.noticeId;
    this.set({ notices: [...this.state.notices, { id, text, tone }].slice(-4) });
  }

  dismiss(id: number): void {
    if (this.state.notices.some((n) => n.id === id)) this.set({ notices: this.state.notices.filter((n) => n.id !== id) });
  }

  room(name: string): RoomSummary | undefined {
    return this.state.rooms.find((r) => r.name === name);
  }

  timeline(name: string): Timeline {
    return this.state.timelines[name] ?? emptyTimeline;
  }

  updateTimeline(name: string, update: (t: Timeline) => Timeline): void {
    const before = this.timeline(name);
    const after = update(before);
    // Entries loaded (or reset) since the snapshot: no longer the last visit's.
    if (after.entries !== before.entries) this.fromSnapshot.delete(name);
    this.set({ timelines: { ...this.state.timelines, [name]: after } });
  }

  upsertRoom(room: RoomSummary): void {
    const others = this.state.rooms.filter((r) => r.name !== room.name);
    this.set({ rooms: sortRooms([...others, room]) });
  }

  updateRoom(name: string, update: (r: RoomSummary) => RoomSummary): void {
    const room = this.room(name);
    if (room) this.upsertRoom(update(room));
  }

  /** Forgets a room entirely (left or deleted), with whatever of it was still waiting to be sent. */
  dropRoom(name: string): void {
    const { [name]: _t, ...timelines } = this.state.timelines;
    const { [name]: _m, ...members } = this.state.members;
    const wasActive = this.state.active === name;
    this.set({ rooms: this.state.rooms.filter((r) => r.name !== name), timelines, members, active: wasActive ? null : this.state.active });
    for (const m of this.state.outbox) if (m.room === name) void this.client.outbox.discard(m.clientMsgId);
    if (wasActive) this.onActiveDropped?.();
  }

  setMembers(name: string, members: PublicUser[]): void {
    this.set({ members: { ...this.state.members, [name]: members }, ...this.withPresence(members) });
  }

  /** The room's receipts as the server listed them. */
  setReceipts(name: string, receipts: Receipt[]): void {
    this.set({ receipts: { ...this.state.receipts, [name]: receipts } });
  }

  /** Receipts off: one sees nobody's, so none are kept. */
  applySettings(settings: MySettings): void {
    this.set({ settings, ...(settings.readReceipts ? {} : { receipts: {} }) });
  }

  notePresence(users: readonly PublicUser[]): void {
    if (users.length === 0) return;
    this.set(this.withPresence(users));
  }

  /** Presence maps with these people's states put in. */
  private withPresence(users: readonly (Presence & { phone: string })[]): Pick<ChatState, 'online' | 'presence'> {
    const online = { ...this.state.online };
    const presence = { ...this.state.presence };
    for (const { phone, online: on, status, text, emoji, lastSeen } of users) {
      online[phone] = on;
      presence[phone] = { online: on, status, text, emoji, lastSeen };
    }
    return { online, presence };
  }

  /** One's own status, as the server stored it. */
  setMyStatus(status: MyStatus): void {
    this.set({ myStatus: status });
  }

  /** Reloads the room list (first load, after a reconnect, when an unknown room shows up). */
  loadRooms(): Promise<void> {
    // A burst of entries for a new room asks once; a request made meanwhile runs after it.
    if (this.roomsLoading) {
      this.roomsStale = true;
      return this.roomsLoading;
    }
    this.roomsLoading = this.fetchRooms().finally(() => {
      this.roomsLoading = null;
      if (this.roomsStale) {
        this.roomsStale = false;
        void this.loadRooms();
      }
    });
    return this.roomsLoading;
  }

  private async fetchRooms(): Promise<void> {
    try {
      const rooms = (await this.client.myRooms()).map(summaryFromMyRoom);
      const active = this.state.active;
      // The open room is read as it arrives, even if the list's marker lags behind.
      const merged = rooms.map((r) => (r.name === active ? readUpTo(r, r.lastSeq) : r));
      const patch: Partial<ChatState> = { rooms: sortRooms(merged), roomsLoaded: true, roomsFromSnapshot: false };
      if (this.state.roomsFromSnapshot) {
        // What came from the last visit is kept only where nothing has happened since.
        const timelines: Record<string, Timeline> = {};
        for (const [name, t] of Object.entries(this.state.timelines)) {
          const room = merged.find((r) => r.name === name);
          const stale = this.fromSnapshot.has(name) && (t.entries[t.entries.length - 1]?.seq ?? 0) !== room?.lastSeq;
          if (room && !stale) timelines[name] = t;
        }
        this.fromSnapshot.clear();
        patch.timelines = timelines;
      }
      this.set(patch);
      this.notePresence(rooms.flatMap((r) => (r.peer ? [r.peer] : [])));
      this.moveDeviceLevels(merged);
      this.onRoomsLoaded?.();
    } catch (error) {
      if (this.client.state === 'open') this.notify(`Could not load your chats. ${describeError(error)}`, 'error');
    }
  }

  /** Levels an earlier version kept on this device go to the server once, where every device sees them. */
  private moveDeviceLevels(rooms: RoomSummary[]): void {
    for (const [name, level] of Object.entries(takeDeviceLevels(this.phone))) {
      const room = rooms.find((r) => r.name === name);
      if (!room || room.notify === level) continue;
      this.updateRoom(name, (r) => ({ ...r, notify: level }));
      void this.client.setNotifyLevel(name, level).catch(() => undefined);
    }
  }

  /** Records that the open room is read up to its newest entry. */
  markActiveRead(): void {
    const name = this.state.active;
    const room = name ? this.room(name) : undefined;
    if (!room || room.lastSeq === 0 || this.state.roomsFromSnapshot) return;
    if (room.lastReadSeq !== room.lastSeq || unreadCount(room) > 0) this.updateRoom(room.name, (r) => ({ ...readUpTo(r, r.lastSeq), unread: 0, mentions: 0 }));
    this.client.markRead(room.name, room.lastSeq).catch(() => {
      // A missed read marker only shows an unread count later; not worth a notice.
    });
  }

  private onEntry(entry: HistoryEntry): void {
    const known = this.room(entry.room);
    if (!known) {
      // A room that is new to us (someone opened a private chat, or added us to a group).
      void this.loadRooms();
      return;
    }
    const mine = entry.type === 'message' && entry.from.phone === this.state.me?.phone;
    const active = this.state.active === entry.room;
    this.upsertRoom(withEntry(known, entry, mine || active, this.state.me?.phone ?? this.phone));
    const receipts = this.state.receipts[entry.room];
    if (receipts && entry.type === 'message' && !mine) {
      const next = withReceipt(receipts, { ...entry.from, seq: entry.seq });
      if (next !== receipts) this.setReceipts(entry.room, next);
    }
    const timeline = this.state.timelines[entry.room];
    // A window that ends before the newest entry is extended by scrolling, not by live entries.
    if (timeline?.loaded && !timeline.hasNewer) this.updateTimeline(entry.room, (t) => ({ ...t, entries: mergeEntries(t.entries, [entry], this.phone) }));
    // The server moves the marker for one's own messages; what others wrote is read when seen.
    if (active && !mine && document.visibilityState === 'visible') this.markActiveRead();
  }

  /**
   * An edit, delete or reaction: folded into the message it changes, wherever that is loaded (the
   * window and the room list's preview). It is neither unread nor a new preview.
   */
  private onChange(event: EditEvent | RedactEvent | ReactionEvent): void {
    const room = this.room(event.room);
    if (room?.lastEntry?.type === 'message' && room.lastEntry.seq === event.target) {
      const [preview] = mergeEntries([room.lastEntry], [event], this.phone);
      if (preview && preview !== room.lastEntry) this.updateRoom(event.room, (r) => ({ ...r, lastEntry: preview }));
    }
    const timeline = this.state.timelines[event.room];
    if (timeline?.loaded) {
      const entries = mergeEntries(timeline.entries, [event], this.phone);
      if (entries !== timeline.entries) this.updateTimeline(event.room, (t) => ({ ...t, entries }));
    }
  }

  private onSystem(event: StoredSystemEvent | DeleteEvent): void {
    if (event.event === 'delete') {
      const known = this.room(event.room);
      this.dropRoom(event.room);
      // The owner deleted it here or in another window; the others are told.
      if (known && known.owner !== this.state.me?.phone) this.notify(`${known.kind === 'group' ? 'The group' : 'The room'} ${known.name} has been deleted by its owner.`);
      return;
    }
    const me = this.state.me?.phone;
    if (event.event === 'leave' && event.user.phone === me) {
      this.dropRoom(event.room);
      return;
    }
    const members = this.state.members[event.room];
    if (members) {
      if (event.event === 'join') this.setMembers(event.room, addMembers(members, [{ ...event.user, ...(this.state.presence[event.user.phone] ?? { ...unknownPresence, online: true, status: 'online' }) }]));
      if (event.event === 'leave') this.setMembers(event.room, members.filter((m) => m.phone !== event.user.phone));
      if (event.event === 'invite') this.setMembers(event.room, addMembers(members, (event.members ?? []).map((u) => ({ ...u, ...(this.state.presence[u.phone] ?? unknownPresence) }))));
    }
    if (this.room(event.room)) {
      const delta = event.event === 'join' ? 1 : event.event === 'leave' ? -1 : (event.members?.length ?? 0);
      this.updateRoom(event.room, (r) => ({ ...r, memberCount: Math.max(1, r.memberCount + delta) }));
      // The server hands a room its owner left to the longest-standing member; the list says who.
      if (event.event === 'leave') this.updateRoom(event.room, (r) => (r.owner === event.user.phone ? { ...r, owner: this.state.members[event.room]?.[0]?.phone ?? null } : r));
    }
    this.onEntry(event);
  }

  /** A reader moved on; one whose name is not known yet is named from the member list. */
  private onReceipt(event: ReceiptFrame): void {
    const current = this.state.receipts[event.room];
    if (!current) return;
    const name = current.find((r) => r.phone === event.phone)?.name ?? this.state.members[event.room]?.find((m) => m.phone === event.phone)?.name ?? '';
    const next = withReceipt(current, { name, phone: event.phone, seq: event.seq });
    if (next !== current) this.setReceipts(event.room, next);
  }

  private onPresence(event: PresenceFrame): void {
    this.set(this.withPresence([event]));
  }

  private onTyping(event: TypingFrame): void {
    const typing = { ...this.state.typing };
    if (event.users.length > 0) typing[event.room] = event.users;
    else delete typing[event.room];
    this.set({ typing });
  }

  private onState(change: StateChange): void {
    // Typing lives on the connection: without one, nobody is known to be typing.
    this.set({ connection: change.state, me: this.client.user ?? this.state.me, ...(change.state === 'open' ? {} : { typing: {} }) });
    if (change.state === 'open') {
      // On first connect and after every reconnect: rooms may have come and gone meanwhile.
      const reconnected = this.wasOpen;
      this.wasOpen = true;
      void this.loadRooms();
      if (!this.state.settings) void this.client.settings().then((settings) => this.applySettings(settings), () => undefined);
      if (!this.state.myStatus) void this.client.myStatus().then((status) => this.setMyStatus(status), () => undefined);
      if (reconnected) this.onReconnected?.();
    }
    if (change.state === 'closed' && change.code !== undefined && change.code >= 4000 && change.code < 4500) void this.checkSession();
  }

  /**
   * The SDK stops for good on a terminal close (4000–4499). Only a token the server no longer
   * knows ends the session here; anything else (e.g. a rate-limit close) is retried.
   */
  private async checkSession(): Promise<void> {
    if (this.stopped) return;
    this.set({ connection: 'reconnecting' });
    try {
      await this.client.me();
    } catch (error) {
      if (error instanceof ParleyError && error.code === 'unauthorized') {
        this.onSessionEnded();
        return;
      }
    }
    setTimeout(() => {
      if (!this.stopped) this.client.connect().then((me) => this.set({ me }), () => undefined);
    }, 2000);
  }

  private scheduleSnapshot(): void {
    if (this.snapshotTimer) return;
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = undefined;
      if (!this.stopped && this.state.roomsLoaded && !this.state.roomsFromSnapshot) saveSnapshot(this.phone, this.state.rooms, this.state.timelines);
    }, snapshotDelayMs);
  }

  /** Set by the actions layer to refresh the open room after a reconnect. */
  onReconnected: (() => void) | undefined;
  /** Set by the actions layer: the room list came from the server. */
  onRoomsLoaded: (() => void) | undefined;
  /** Set by the page: the open room is gone (left, deleted), so its URL must go too. */
  onActiveDropped: (() => void) | undefined;
}

function addMembers(current: PublicUser[], added: PublicUser[]): PublicUser[] {
  const known = new Set(current.map((m) => m.phone));
  return [...current, ...added.filter((m) => !known.has(m.phone))];
}
