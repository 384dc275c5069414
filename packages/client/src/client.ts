import {
  ParleyError,
  isRoomEvent,
  type Attachment,
  type HistoryEntry,
  type MePatchBody,
  type MyStatus,
  type MessageChangeAck,
  type MessageVersion,
  type MyRoom,
  type NotifyLevel,
  type PublicUser,
  type OkPayloads,
  type PushFrame,
  type PushFrameType,
  type RoomEvent,
  type User,
} from '@parley/protocol';
import { Connection, type ConnectionState, type StateChange } from './connection.js';
import { Emitter } from './emitter.js';
import { HttpApi, type FetchLike, type HistoryOptions, type MessageSearchParams, type RoomSearchFilters, type UserSearchFilters } from './http-api.js';
import { randomId } from './ids.js';
import { MemoryOutboxStore } from './memory-outbox-store.js';
import { Outbox } from './outbox.js';
import type { OutboxStore } from './outbox-store.js';
import { RoomStreams } from './room-streams.js';
import type { WebSocketConstructor } from './websocket-like.js';

export interface ClientOptions {
  /** The server's base URL, e.g. `http://localhost:6789` (in a browser: `location.origin`). */
  url: string;
  /** A token from an earlier signin, e.g. kept in localStorage. */
  token?: string | null;
  /** WebSocket implementation; defaults to the global one (browsers). In Node 20 pass `ws`. */
  WebSocket?: WebSocketConstructor;
  /** fetch implementation; defaults to the global one. */
  fetch?: FetchLike;
  /** Reconnect after a dropped connection (default true). */
  reconnect?: boolean;
  /** First reconnect delay (default 250 ms); doubles up to maxReconnectDelayMs (default 10 s). */
  minReconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** How long a request waits for its reply (default 10 s); messages are sent again instead. */
  requestTimeoutMs?: number;
  /** Heartbeat interval (default 25 s); a server silent for two intervals counts as gone. */
  heartbeatMs?: number;
  /** Where unacknowledged messages are kept (default in memory); in browsers, IndexedDbOutboxStore. */
  outboxStore?: OutboxStore;
}

/**
 * What a client can listen to: every push type the protocol lists (room events in seq order per
 * room, each once — a message of one's own once acknowledged), `event` for every room event
 * whatever its type, and `state` for the connection.
 */
export type ClientEvents = { [T in PushFrameType]: Extract<PushFrame, { type: T }> } & {
  event: RoomEvent;
  state: StateChange;
};

/** How often a typing state is refreshed while typing goes on (the server keeps it 6 s). */
const typingRefreshMs = 3_000;
/** Activity goes to the server at most this often (it shows a user away after 10 idle minutes). */
const activityReportMs = 60_000;

/** What sending a message may carry besides its text. */
export interface SendOptions {
  /** The seq of the message this one answers. */
  replyTo?: number;
  /** Phones of members mentioned. */
  mentions?: string[];
  /** Files uploaded with uploadFile (1 to 10); the text may then be empty (no caption). */
  attachments?: Attachment[];
  clientMsgId?: string;
}

/**
 * The Parley SDK: the HTTP API plus one WebSocket connection that authenticates with the same
 * token, reconnects by itself, and catches every tracked room up by seq after a gap.
 */
export class ParleyClient extends Emitter<ClientEvents> {
  readonly api: HttpApi;
  /** Every message not yet acknowledged, kept in `outboxStore` and sent again until it is. */
  readonly outbox: Outbox;
  private readonly connection: Connection;
  private readonly streams: RoomStreams;
  /** When a typing start or refresh last went out, by room. */
  private readonly typingSentAt = new Map<string, number>();
  /** When activity was last reported on the current connection. */
  private activitySentAt: number | null = null;

  constructor(options: ClientOptions) {
    super();
    const base = options.url.replace(/\/+$/, '');
    // Browsers refuse a fetch called with another `this` ("Illegal invocation"): bind it.
    const fetchImpl = options.fetch ?? (globalThis.fetch?.bind(globalThis) as unknown as FetchLike | undefined);
    const WebSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!fetchImpl) throw new Error('No fetch implementation: pass options.fetch.');
    if (!WebSocketImpl) throw new Error('No WebSocket implementation: pass options.WebSocket (in Node 20, the `ws` package).');
    this.api = new HttpApi(base, fetchImpl, options.token ?? null);
    this.connection = new Connection({
      wsUrl: `${base.replace(/^http/, 'ws')}/ws`,
      WebSocket: WebSocketImpl,
      getToken: () => this.api.token,
      reconnect: options.reconnect ?? true,
      minDelayMs: options.minReconnectDelayMs ?? 250,
      maxDelayMs: options.maxReconnectDelayMs ?? 10_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      heartbeatMs: options.heartbeatMs ?? 25_000,
    });
    this.streams = new RoomStreams(
      async (room, after, limit) => (await this.connection.request('history', { room, after, limit })).messages,
      (entry) => this.deliver(entry),
      (room, error) => {
        if (error instanceof ParleyError && (error.code === 'forbidden' || error.code === 'room_not_found')) this.streams.forget(room);
      },
    );
    // A new connection starts with no typing state on the server.
    this.connection.on('state', () => {
      this.typingSentAt.clear();
      // Connecting counts as activity on the server.
      this.activitySentAt = Date.now();
    });
    this.outbox = new Outbox(this.connection, {
      store: options.outboxStore ?? new MemoryOutboxStore(),
      retryDelayMs: options.minReconnectDelayMs ?? 250,
      onAck: (m, ack) => {
        // The server skips the sender's connection: the ack stands in for the push. A quote is
        // left to history (the original's state is the server's to tell).
        const from = this.connection.user;
        if (!from) return;
        const extra = {
          ...(m.text !== '' ? { text: m.text } : {}),
          ...(m.attachments?.length ? { attachments: m.attachments } : {}),
          ...(m.replyTo !== undefined ? { replyTo: m.replyTo } : {}),
          ...(m.mentions?.length ? { mentions: m.mentions } : {}),
        };
        this.streams.accept({ type: 'message', room: ack.room, seq: ack.seq, ts: ack.ts, from, clientMsgId: ack.clientMsgId, ...extra });
      },
    });
    this.connection.on('push', (frame) => this.onPush(frame));
    this.connection.on('state', (change) => this.emit('state', change));
    this.connection.on('ready', () => {
      for (const room of this.streams.tracked()) void this.streams.catchUp(room);
    });
  }

  get token(): string | null {
    return this.api.token;
  }

  set token(value: string | null) {
    this.api.token = value;
  }

  get state(): ConnectionState {
    return this.connection.state;
  }

  /** The signed-in user, once connected. */
  get user(): User | null {
    return this.connection.user;
  }

  // HTTP API --------------------------------------------------------------------------------

  signup(body: { name: string; phone: string; password: string }): Promise<User> {
    return this.api.signup(body);
  }

  signin(body: { phone: string; password: string }) {
    return this.api.signin(body);
  }

  /** Signs out on the server, then closes the connection. */
  async signout(): Promise<void> {
    try {
      await this.api.signout();
    } finally {
      this.connection.close();
    }
  }

  me(): Promise<User> {
    return this.api.me();
  }

  /** Everything of this account and every chat it is in (GET /api/me/export). */
  exportMyData() {
    return this.api.exportMyData();
  }

  /** Changes the password; every session of the account ends, and this client continues with a new token. */
  async changePassword(oldPassword: string, newPassword: string): Promise<User> {
    const wasConnected = this.connection.state !== 'idle' && this.connection.state !== 'closed';
    const user = await this.api.changePassword(oldPassword, newPassword);
    // The server ends the old token's sockets; carry on over a new one.
    if (wasConnected) this.connection.restart();
    return user;
  }

  searchUsers(q?: string, limit?: number, filters?: UserSearchFilters) {
    return this.api.searchUsers(q, limit, filters);
  }

  searchMessages(params: MessageSearchParams) {
    return this.api.searchMessages(params);
  }

  searchRooms(q?: string, limit?: number, filters?: RoomSearchFilters) {
    return this.api.searchRooms(q, limit, filters);
  }

  /** The caller's rooms and private chats, every page; each becomes tracked, so gaps in them are filled. */
  async myRooms(): Promise<MyRoom[]> {
    const rooms: MyRoom[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.myRoomsPage(cursor ?? undefined);
      rooms.push(...page.rooms);
      cursor = page.next;
    } while (cursor);
    return rooms;
  }

  /** Everyone one shares a room with, by name, with their presence: every page of `GET /api/me/people`. */
  async people(): Promise<PublicUser[]> {
    const found: PublicUser[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.api.people(cursor ?? undefined);
      found.push(...page.people);
      cursor = page.next;
    } while (cursor);
    return found;
  }

  /** One page of the caller's rooms, most recent activity first; pass `next` for the following page. */
  async myRoomsPage(cursor?: string, limit?: number): Promise<{ rooms: MyRoom[]; next: string | null }> {
    const page = await this.api.myRooms(cursor, limit);
    for (const room of page.rooms) this.streams.track(room.name, room.lastSeq);
    return page;
  }

  /** Every version of one of one's own messages, the original first. */
  messageVersions(room: string, seq: number): Promise<MessageVersion[]> {
    return this.api.versions(room, seq);
  }

  /** The account's settings. */
  settings() {
    return this.api.settings();
  }

  /** Turns read receipts on or off (off: nobody sees how far one read, and one sees nobody's). */
  updateSettings(patch: MePatchBody) {
    return this.api.updateSettings(patch);
  }

  /**
   * What a chat notifies one of, on every device: the level is kept on the server, rooms carry it
   * as `notify`, and a change made elsewhere arrives as a `notify` event.
   */
  setNotifyLevel(room: string, level: NotifyLevel | null): Promise<NotifyLevel> {
    return this.api.setNotifyLevel(room, level);
  }

  /** How far the room's other members have read it; live changes arrive as `receipt` events. */
  receipts(room: string) {
    return this.api.receipts(room);
  }

  /** A room's members with their online state. */
  members(room: string) {
    return this.api.members(room);
  }

  /** A page of a room's history over HTTP (newest first, or oldest first with `after`). */
  historyPage(room: string, options?: HistoryOptions): Promise<HistoryEntry[]> {
    return this.api.history(room, options);
  }

  /** A page of history centred on `seq`, oldest first, over HTTP (open a chat at a search result). */
  historyAround(room: string, seq: number, limit?: number): Promise<HistoryEntry[]> {
    return this.api.historyAround(room, seq, limit);
  }

  // WebSocket ---------------------------------------------------------------------------------

  connect(): Promise<User> {
    return this.connection.connect();
  }

  close(): void {
    this.connection.close();
  }

  async createRoom(room: string, options: { description?: string; isPrivate?: boolean; maxParticipants?: number } = {}) {
    const reply = await this.connection.request('create_room', { room, ...options });
    this.streams.track(reply.room, reply.info.lastSeq);
    return reply;
  }

  async createGroup(room: string, members: string[], description?: string) {
    const reply = await this.connection.request('create_group', { room, members, ...(description !== undefined ? { description } : {}) });
    this.streams.track(reply.room, 0);
    return reply;
  }

  invite(room: string, members: string[]) {
    return this.connection.request('invite', { room, members });
  }

  async join(room: string) {
    const reply = await this.connection.request('join', { room });
    this.streams.track(reply.room, reply.lastSeq);
    return reply;
  }

  async leave(room: string) {
    const reply = await this.connection.request('leave', { room });
    this.streams.forget(reply.room);
    return reply;
  }

  async deleteRoom(room: string) {
    const reply = await this.connection.request('delete_room', { room });
    this.streams.forget(reply.room);
    return reply;
  }

  /** Opens (creating on first use) the private chat with the user who has this phone. */
  async openPrivate(phone: string) {
    const reply = await this.connection.request('private', { phone });
    this.streams.track(reply.room, reply.info.lastSeq);
    return reply;
  }

  /**
   * Sends a message through the outbox. Resolves once the server has stored it; until then it is
   * kept and sent again (with the same clientMsgId, so never stored twice) across reconnects and,
   * with a lasting outboxStore, across restarts. `options` may carry a reply, mentions and the
   * clientMsgId (or be the clientMsgId itself).
   */
  send(room: string, text: string, options: SendOptions | string = {}): Promise<OkPayloads['message']> {
    const { clientMsgId = randomId(), replyTo, mentions, attachments } = typeof options === 'string' ? { clientMsgId: options } : options;
    // The server ends the sender's typing when the message arrives.
    this.typingSentAt.delete(room);
    return this.outbox.send(room, text, clientMsgId, { ...(replyTo !== undefined ? { replyTo } : {}), ...(mentions?.length ? { mentions } : {}), ...(attachments?.length ? { attachments } : {}) });
  }

  /** Replaces the text of one of one's own messages; every member gets an `edit` event. */
  edit(room: string, target: number, text: string): Promise<MessageChangeAck> {
    return this.connection.request('edit', { room, target, text });
  }

  /** Deletes a message (one's own); its text leaves the server, every member gets a `redact` event. */
  deleteMessage(room: string, target: number): Promise<MessageChangeAck> {
    return this.connection.request('delete_message', { room, target });
  }

  /** Puts a reaction on a message (`on`) or takes it off; the same reaction twice is one. */
  react(room: string, target: number, emoji: string, on = true): Promise<MessageChangeAck> {
    return this.connection.request('react', { room, target, emoji, on });
  }

  /** A page of history over the WebSocket (newest first, or oldest first with `after`). */
  async history(room: string, options: HistoryOptions = {}): Promise<HistoryEntry[]> {
    return (await this.connection.request('history', { room, ...options })).messages;
  }

  /** Accepts an invitation: a member of the room from now on (its events start arriving). */
  async acceptInvitation(room: string) {
    const reply = await this.connection.request('accept_invitation', { room });
    this.streams.track(reply.room, reply.lastSeq);
    return reply;
  }

  /** Turns an invitation down; with `block`, nothing more from the inviter. */
  declineInvitation(room: string, block = false) {
    return this.connection.request('decline_invitation', { room, block });
  }

  invitations() {
    return this.api.invitations();
  }

  /** Records that the user has read the room up to `seq` (drives unread counts). */
  markRead(room: string, seq: number) {
    return this.connection.request('read', { room, seq });
  }

  /**
   * Tells the room's other members that the user is typing (`true`, call on every keystroke) or
   * stopped. Refreshes go out at most every 3 s (the server ends a typing state 6 s after the
   * last one); a stop goes out only after a start.
   */
  async typing(room: string, typing: boolean): Promise<void> {
    const last = this.typingSentAt.get(room);
    if (typing && last !== undefined && Date.now() - last < typingRefreshMs) return;
    if (!typing && last === undefined) return;
    if (typing) this.typingSentAt.set(room, Date.now());
    else this.typingSentAt.delete(room);
    if (this.connection.state !== 'open') return;
    await this.connection.request('typing', { room, typing });
  }

  ping() {
    return this.connection.request('ping', {});
  }

  /**
   * Sets one's status (`invisible` looks offline to everyone else) and the custom text and emoji,
   * which clear by themselves at `until`. Resolves with the status as stored.
   */
  async setStatus(status: MyStatus['status'], custom: { text?: string | null; emoji?: string | null; until?: string | null } = {}): Promise<MyStatus> {
    const reply = await this.connection.request('status', { status, ...custom });
    return { status: reply.status, text: reply.text, emoji: reply.emoji, until: reply.until };
  }

  /** One's status as stored (after a restart too). */
  myStatus(): Promise<MyStatus> {
    return this.api.myStatus();
  }

  /**
   * Tells the server the person is using the app (call on any key, click or touch): at most once a
   * minute goes out, which keeps them from showing away and brings them back from it.
   */
  reportActivity(): void {
    const now = Date.now();
    if (this.connection.state !== 'open' || (this.activitySentAt !== null && now - this.activitySentAt < activityReportMs)) return;
    this.activitySentAt = now;
    this.connection.request('active', {}).catch(() => {
      // Activity is best effort: the next one will do.
    });
  }

  private onPush(frame: PushFrame): void {
    // Several users' presence in one frame: handed on one by one, as `presence` events.
    if (frame.type === 'presences') {
      for (const user of frame.users) this.emit('presence', { type: 'presence', ...user });
      return;
    }
    // Room events go through their room's stream, to come out in seq order; anything else at once.
    if (isRoomEvent(frame)) {
      this.streams.accept(frame);
      return;
    }
    if (frame.type === 'system') this.streams.forget(frame.room);
    this.emitPush(frame);
  }

  private emitPush(frame: PushFrame): void {
    this.emit(frame.type, frame as never);
  }

  private deliver(entry: HistoryEntry): void {
    this.emitPush(entry);
    this.emit('event', entry);
    // Our own leave, from another of our sockets: stop following the room.
    if (entry.type === 'system' && entry.event === 'leave' && entry.user.phone === this.connection.user?.phone) this.streams.forget(entry.room);
  }
}

export function createClient(options: ClientOptions): ParleyClient {
  return new ParleyClient(options);
}
