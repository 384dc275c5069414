import { defaultNotifyLevel, type ChosenStatus, type HistoryEntry, type NotifyLevel, type PublicUser, type Room, type SendOptions, type User } from '@parley/client';
import { pageSize, type ChatStore } from './chat-store.js';
import { emptyTimeline } from './chat-types.js';
import { describeError } from './errors.js';
import { mergeEntries } from './timeline.js';
import { summaryFromRoom, unreadCount } from './room-summary.js';

/** Where opening a chat should land: a message (a link, or where one stood before a reload). */
export interface OpenTarget {
  seq: number;
  /** The message's distance from the top of the view, to stand exactly where one stood. */
  offset: number | null;
}

/** Moves the address bar; the page then calls `open` or `close` for the route. */
export type ShowRoom = (room: string | null, options?: { replace?: boolean }) => void;

/**
 * What a person can do on the chat page. Each action talks to the server through the SDK and
 * applies the outcome to the store; failures that the caller does not show become notices.
 */
export class ChatActions {
  constructor(
    private readonly store: ChatStore,
    private readonly show: ShowRoom,
  ) {
    store.onReconnected = () => {
      const active = store.getState().active;
      if (active) void this.refreshRoom(active);
    };
    store.onRoomsLoaded = () => {
      const active = store.getState().active;
      if (active && !store.timeline(active).loaded) void this.refreshRoom(active);
    };
  }

  private get client() {
    return this.store.client;
  }

  /**
   * Shows a room (the route changed to it): at `target` if given, else at the first unread
   * message, marked by a divider, else at the newest. Marks it read and loads its members.
   */
  async open(name: string, target: OpenTarget | null = null): Promise<void> {
    const room = this.store.room(name);
    const firstUnread = room && unreadCount(room) > 0 ? room.lastReadSeq + 1 : null;
    this.store.set({ active: name });
    const current = this.store.timeline(name);
    if (target) {
      // Already loaded (Back to a chat seen a moment ago): stay on that window, else load one around it.
      const inside = current.loaded && current.entries.some((e) => e.seq === target.seq);
      this.store.updateTimeline(name, (t) => (inside ? { ...t, firstUnread, target } : { ...emptyTimeline, firstUnread, target }));
    } else if (firstUnread !== null && room && room.lastSeq - firstUnread + 1 > pageSize) {
      // More unread than one page: start the window at the first of them.
      this.store.updateTimeline(name, () => ({ ...emptyTimeline, firstUnread, target: { seq: firstUnread, offset: null } }));
    } else {
      this.store.updateTimeline(name, (t) => ({ ...t, firstUnread, target: null }));
    }
    this.store.markActiveRead();
    await this.refreshRoom(name);
  }

  close(): void {
    const active = this.store.getState().active;
    if (active) this.store.updateTimeline(active, (t) => ({ ...t, firstUnread: null, target: null }));
    this.store.set({ active: null });
  }

  private async refreshRoom(name: string): Promise<void> {
    const timeline = this.store.timeline(name);
    const tasks: Promise<void>[] = [this.loadMembers(name), this.loadReceipts(name)];
    if (timeline.target && !timeline.loaded) tasks.push(this.loadAround(name, timeline.target.seq));
    else if (!timeline.loaded) tasks.push(this.loadLatest(name));
    await Promise.all(tasks);
  }

  private async loadLatest(name: string): Promise<void> {
    try {
      const page = await this.client.history(name, { limit: pageSize });
      this.store.updateTimeline(name, (t) => ({ ...t, entries: mergeEntries(t.hasNewer ? [] : t.entries, page, this.store.phone), loaded: true, hasOlder: hasOlder(page), hasNewer: false, error: null }));
      this.store.markActiveRead();
    } catch (error) {
      this.store.updateTimeline(name, (t) => ({ ...t, error: describeError(error) }));
    }
  }

  /** Loads a window centred on one entry (`around`: it and the entries before it, then those after). */
  private async loadAround(name: string, seq: number): Promise<void> {
    try {
      const page = await this.client.historyAround(name, seq, pageSize);
      // The server gives ceil(pageSize / 2) up to the seq and the rest after it, unless a side ran out.
      const after = page.filter((e) => e.seq > seq).length;
      this.store.updateTimeline(name, (t) => ({
        ...t,
        entries: mergeEntries([], page, this.store.phone),
        loaded: true,
        hasOlder: (page[0]?.seq ?? 1) > 1,
        hasNewer: after >= pageSize - Math.ceil(pageSize / 2),
        error: null,
      }));
      this.store.markActiveRead();
    } catch (error) {
      this.store.updateTimeline(name, (t) => ({ ...t, error: describeError(error) }));
    }
  }

  /** Loads the page before the oldest entry shown (scrolling up). */
  async loadOlder(name: string): Promise<void> {
    const timeline = this.store.timeline(name);
    const oldest = timeline.entries[0];
    if (!timeline.loaded || timeline.loadingOlder || !timeline.hasOlder || !oldest) return;
    this.store.updateTimeline(name, (t) => ({ ...t, loadingOlder: true }));
    try {
      const page = await this.client.history(name, { before: oldest.seq, limit: pageSize });
      this.store.updateTimeline(name, (t) => ({ ...t, entries: mergeEntries(t.entries, page, this.store.phone), loadingOlder: false, hasOlder: hasOlder(page) }));
    } catch (error) {
      this.store.updateTimeline(name, (t) => ({ ...t, loadingOlder: false }));
      this.store.notify(`Could not load older messages. ${describeError(error)}`, 'error');
    }
  }

  /** Loads the page after the newest entry shown (scrolling down a window that ends early). */
  async loadNewer(name: string): Promise<void> {
    const timeline = this.store.timeline(name);
    const newest = timeline.entries[timeline.entries.length - 1];
    if (!timeline.loaded || timeline.loadingNewer || !timeline.hasNewer || !newest) return;
    this.store.updateTimeline(name, (t) => ({ ...t, loadingNewer: true }));
    try {
      const page = await this.client.history(name, { after: newest.seq, limit: pageSize });
      this.store.updateTimeline(name, (t) => ({ ...t, entries: mergeEntries(t.entries, page, this.store.phone), loadingNewer: false, hasNewer: page.length >= pageSize }));
    } catch (error) {
      this.store.updateTimeline(name, (t) => ({ ...t, loadingNewer: false }));
      this.store.notify(`Could not load newer messages. ${describeError(error)}`, 'error');
    }
  }

  /** Leaves a window in the past for the newest page. */
  async jumpToLatest(name: string): Promise<void> {
    this.store.updateTimeline(name, (t) => ({ ...t, target: null }));
    if (this.store.timeline(name).hasNewer) {
      this.store.updateTimeline(name, (t) => ({ ...t, entries: [], loaded: false, hasNewer: false }));
      await this.loadLatest(name);
    }
  }

  /** Forgets the target once the list has brought it into view. */
  reached(name: string): void {
    if (this.store.timeline(name).target) this.store.updateTimeline(name, (t) => ({ ...t, target: null }));
  }

  /** Members and who is online, from the server. */
  /** How far the others have read; a room without receipts just shows none. */
  async loadReceipts(name: string): Promise<void> {
    try {
      this.store.setReceipts(name, await this.client.receipts(name));
    } catch {
      // Receipts are a nicety: the chat works without them.
    }
  }

  /** Sets one's status and custom text; the server's answer is what is shown. */
  async setStatus(status: ChosenStatus, custom: { text?: string | null; emoji?: string | null; until?: string | null }): Promise<void> {
    this.store.setMyStatus(await this.client.setStatus(status, custom));
  }

  /**
   * Sets what a chat notifies one of. Shown at once; the server keeps it and tells one's other
   * devices. If the server refuses, the chat goes back to what it was, with a notice.
   */
  async setNotifyLevel(name: string, level: NotifyLevel): Promise<void> {
    const room = this.store.room(name);
    const before = room?.notify ?? defaultNotifyLevel(room?.kind ?? 'room');
    this.store.updateRoom(name, (r) => ({ ...r, notify: level }));
    try {
      const stored = await this.client.setNotifyLevel(name, level);
      this.store.updateRoom(name, (r) => ({ ...r, notify: stored }));
    } catch (error) {
      this.store.updateRoom(name, (r) => ({ ...r, notify: before }));
      this.store.notify(`Could not change the notifications of this chat. ${describeError(error)}`, 'error');
    }
  }

  /** Everyone one shares a room with, for the People view, however many they are. */
  async loadPeople(): Promise<PublicUser[]> {
    const people = await this.client.people();
    this.store.notePresence(people);
    return people;
  }

  /** Turns read receipts on or off for the account; on, the open room's are loaded again. */
  async setReadReceipts(on: boolean): Promise<void> {
    this.store.applySettings(await this.client.updateSettings({ readReceipts: on }));
    const active = this.store.getState().active;
    if (on && active) await this.loadReceipts(active);
  }

  private async loadMembers(name: string): Promise<void> {
    try {
      const members = await this.client.members(name);
      this.store.updateRoom(name, (r) => ({ ...r, memberCount: members.length }));
      this.store.setMembers(name, members);
      this.store.notePresence(members);
    } catch (error) {
      if (this.client.state === 'open') this.store.notify(`Could not load the members of ${name}. ${describeError(error)}`, 'error');
    }
  }

  /** Opens the private chat with a person (creating it on first use). */
  async openPrivate(phone: string): Promise<void> {
    try {
      const reply = await this.client.openPrivate(phone);
      this.adoptRoom(reply.info, { peer: reply.peer });
      this.store.notePresence([reply.peer]);
      this.show(reply.room);
    } catch (error) {
      this.store.notify(describeError(error), 'error');
    }
  }

  /** Accepts an invitation: the room joins the list and opens, as after a join. */
  async acceptInvitation(room: string): Promise<boolean> {
    try {
      const reply = await this.client.acceptInvitation(room);
      this.adoptRoom(reply.info);
      this.store.setMembers(reply.room, reply.members);
      this.show(reply.room);
      return true;
    } catch (error) {
      this.store.notify(describeError(error), 'error');
      return false;
    }
  }

  /** Joins a public room found by search (or opens it if already a member). */
  async joinRoom(name: string): Promise<void> {
    if (this.store.room(name)) {
      this.show(name);
      return;
    }
    try {
      const reply = await this.client.join(name);
      this.adoptRoom(reply.info);
      this.store.setMembers(reply.room, reply.members);
      this.show(reply.room);
    } catch (error) {
      this.store.notify(describeError(error), 'error');
    }
  }

  /** Creates a room; errors are thrown for the form to show. */
  async createRoom(name: string, description: string, isPrivate: boolean): Promise<void> {
    const reply = await this.client.createRoom(name, { description, isPrivate });
    this.adoptRoom(reply.info);
    this.show(reply.room);
  }

  /** Creates a group with these people; errors are thrown for the form to show. */
  async createGroup(name: string, members: readonly User[]): Promise<void> {
    const reply = await this.client.createGroup(name, members.map((m) => m.phone));
    this.adoptRoom(reply.info);
    this.store.setMembers(reply.room, reply.members);
    this.show(reply.room);
    if (reply.invited.length > 0) this.store.notify(`Invited ${listOf(reply.invited.map((u) => u.name))}: they join ${name} once they accept.`);
  }

  /** Adds people to a room; errors are thrown for the form to show. */
  async invite(name: string, people: readonly User[]): Promise<void> {
    const reply = await this.client.invite(name, people.map((p) => p.phone));
    // The invite event goes to everyone but this connection: read the list back here.
    await this.loadMembers(name);
    if (reply.members.length > 0) this.store.notify(`Added ${listOf(reply.members.map((m) => m.name))} to ${name}.`);
    if (reply.invited.length > 0) this.store.notify(`Invited ${listOf(reply.invited.map((u) => u.name))}: they join once they accept.`);
  }

  async leave(name: string): Promise<void> {
    try {
      const room = this.store.room(name);
      await this.client.leave(name);
      this.store.dropRoom(name);
      this.store.notify(`You left ${room?.kind === 'group' ? 'the group' : 'the room'} ${name}.`);
    } catch (error) {
      this.store.notify(describeError(error), 'error');
    }
  }

  async deleteRoom(name: string): Promise<void> {
    try {
      const room = this.store.room(name);
      await this.client.deleteRoom(name);
      this.store.dropRoom(name);
      this.store.notify(`You deleted ${room?.kind === 'group' ? 'the group' : 'the room'} ${name}.`);
    } catch (error) {
      this.store.notify(describeError(error), 'error');
    }
  }

  /** Hands the message to the SDK's outbox, which keeps it (in IndexedDB) until the server has it. */
  send(name: string, text: string, options: SendOptions = {}): void {
    this.client.send(name, text, options).catch(() => {
      // The outbox shows the message as failed, with Retry; nothing more to say here.
    });
  }

  /** Edits, deletes and reactions come back as events (to this connection too) and are folded in then. */
  async editMessage(name: string, seq: number, text: string): Promise<void> {
    await this.change(this.client.edit(name, seq, text), 'Could not edit the message.');
  }

  async deleteMessage(name: string, seq: number): Promise<void> {
    await this.change(this.client.deleteMessage(name, seq), 'Could not delete the message.');
  }

  async react(name: string, seq: number, emoji: string, on: boolean): Promise<void> {
    await this.change(this.client.react(name, seq, emoji, on), 'Could not change the reaction.');
  }

  private async change(request: Promise<unknown>, failure: string): Promise<void> {
    try {
      await request;
    } catch (error) {
      this.store.notify(`${failure} ${describeError(error)}`, 'error');
    }
  }

  notify(text: string): void {
    this.store.notify(text);
  }

  /** Tells the room's members that one is typing (each keystroke) or has stopped; the SDK spaces the refreshes. */
  typing(name: string, typing: boolean): void {
    this.client.typing(name, typing).catch(() => {
      // A lost typing signal ends by itself on the other side; nothing to tell the person.
    });
  }

  retry(clientMsgId: string): void {
    this.client.outbox.retry(clientMsgId);
  }

  discard(clientMsgId: string): void {
    void this.client.outbox.discard(clientMsgId).catch(() => undefined);
  }

  private adoptRoom(info: Room, extra: Parameters<typeof summaryFromRoom>[1] = {}): void {
    const known = this.store.room(info.name);
    this.store.upsertRoom(known ? { ...known, ...extra, memberCount: info.memberCount, owner: info.owner } : summaryFromRoom(info, extra));
  }
}

function hasOlder(page: HistoryEntry[], full = pageSize): boolean {
  const oldest = page.reduce((min, e) => Math.min(min, e.seq), Number.POSITIVE_INFINITY);
  return page.length >= full && oldest > 1;
}

function listOf(names: string[]): string {
  return new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(names);
}
