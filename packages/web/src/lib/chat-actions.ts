import { randomId, type HistoryEntry, type Room, type User } from '@parley/client';
import { pageSize, type ChatStore } from './chat-store.js';
import { describeError } from './errors.js';
import { mergeEntries } from './timeline.js';
import { summaryFromRoom } from './room-summary.js';

/**
 * What a person can do on the chat page. Each action talks to the server through the SDK and
 * applies the outcome to the store; failures that the caller does not show become notices.
 */
export class ChatActions {
  constructor(private readonly store: ChatStore) {
    store.onReconnected = () => {
      const active = store.getState().active;
      if (active) void this.refreshRoom(active);
    };
  }

  private get client() {
    return this.store.client;
  }

  /** Shows a room: loads its latest page once, its members, and marks it read. */
  async open(name: string): Promise<void> {
    this.store.set({ active: name });
    this.store.markActiveRead();
    await this.refreshRoom(name);
  }

  close(): void {
    this.store.set({ active: null });
  }

  private async refreshRoom(name: string): Promise<void> {
    const tasks: Promise<void>[] = [this.loadMembers(name)];
    if (!this.store.timeline(name).loaded) tasks.push(this.loadLatest(name));
    await Promise.all(tasks);
  }

  private async loadLatest(name: string): Promise<void> {
    try {
      const page = await this.client.history(name, { limit: pageSize });
      this.store.updateTimeline(name, (t) => ({
        ...t,
        entries: mergeEntries(t.entries, page),
        loaded: true,
        hasOlder: hasOlder(page),
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
      this.store.updateTimeline(name, (t) => ({ ...t, entries: mergeEntries(t.entries, page), loadingOlder: false, hasOlder: hasOlder(page) }));
    } catch (error) {
      this.store.updateTimeline(name, (t) => ({ ...t, loadingOlder: false }));
      this.store.notify(`Could not load older messages. ${describeError(error)}`, 'error');
    }
  }

  /** Members and who is online, from the server. */
  private async loadMembers(name: string): Promise<void> {
    try {
      const members = await this.client.members(name);
      this.store.updateRoom(name, (r) => ({ ...r, memberCount: members.length }));
      this.store.setMembers(name, members);
      this.store.notePresence(members);
    } catch (error) {
      this.store.notify(`Could not load the members of ${name}. ${describeError(error)}`, 'error');
    }
  }

  /** Opens the private chat with a person (creating it on first use). */
  async openPrivate(phone: string): Promise<void> {
    try {
      const reply = await this.client.openPrivate(phone);
      this.adoptRoom(reply.info, { peer: reply.peer });
      this.store.notePresence([reply.peer]);
      await this.open(reply.room);
    } catch (error) {
      this.store.notify(describeError(error), 'error');
    }
  }

  /** Joins a public room found by search (or opens it if already a member). */
  async joinRoom(name: string): Promise<void> {
    if (this.store.room(name)) {
      await this.open(name);
      return;
    }
    try {
      const reply = await this.client.join(name);
      this.adoptRoom(reply.info);
      this.store.setMembers(reply.room, reply.members);
      await this.open(reply.room);
    } catch (error) {
      this.store.notify(describeError(error), 'error');
    }
  }

  /** Creates a room; errors are thrown for the form to show. */
  async createRoom(name: string, description: string, isPrivate: boolean): Promise<void> {
    const reply = await this.client.createRoom(name, { description, isPrivate });
    this.adoptRoom(reply.info);
    await this.open(reply.room);
  }

  /** Creates a group with these people; errors are thrown for the form to show. */
  async createGroup(name: string, members: User[]): Promise<void> {
    const reply = await this.client.createGroup(name, members.map((m) => m.phone));
    this.adoptRoom(reply.info);
    this.store.setMembers(reply.room, reply.members);
    await this.open(reply.room);
  }

  /** Adds people to a room; errors are thrown for the form to show. */
  async invite(name: string, people: User[]): Promise<void> {
    const reply = await this.client.invite(name, people.map((p) => p.phone));
    // The invite event goes to everyone but this connection: read the list back here.
    await this.loadMembers(name);
    if (reply.members.length > 0) this.store.notify(`Added ${reply.members.map((m) => m.name).join(', ')} to ${name}.`);
  }

  async leave(name: string): Promise<void> {
    try {
      await this.client.leave(name);
      this.store.dropRoom(name);
      this.store.notify(`You left ${name}.`);
    } catch (error) {
      this.store.notify(describeError(error), 'error');
    }
  }

  async deleteRoom(name: string): Promise<void> {
    try {
      await this.client.deleteRoom(name);
      this.store.dropRoom(name);
      this.store.notify(`You deleted the room ${name}.`);
    } catch (error) {
      this.store.notify(describeError(error), 'error');
    }
  }

  /** Shows the message at once as pending; it becomes sent when the server acknowledges it. */
  send(name: string, text: string): void {
    const clientMsgId = randomId();
    this.store.updateTimeline(name, (t) => ({ ...t, pending: [...t.pending, { clientMsgId, text, ts: new Date().toISOString(), status: 'pending' }] }));
    this.transmit(name, text, clientMsgId);
  }

  retry(name: string, clientMsgId: string): void {
    const pending = this.store.timeline(name).pending.find((p) => p.clientMsgId === clientMsgId);
    if (!pending) return;
    this.store.updateTimeline(name, (t) => ({ ...t, pending: t.pending.map((p) => (p.clientMsgId === clientMsgId ? { ...p, status: 'pending' as const } : p)) }));
    this.transmit(name, pending.text, clientMsgId);
  }

  discard(name: string, clientMsgId: string): void {
    this.store.updateTimeline(name, (t) => ({ ...t, pending: t.pending.filter((p) => p.clientMsgId !== clientMsgId) }));
  }

  private transmit(name: string, text: string, clientMsgId: string): void {
    this.client.send(name, text, clientMsgId).then(
      () => {
        // The SDK has delivered the acknowledged message as an event; drop the copy if it is shown.
        this.store.updateTimeline(name, (t) =>
          t.entries.some((e) => e.type === 'message' && e.clientMsgId === clientMsgId) ? { ...t, pending: t.pending.filter((p) => p.clientMsgId !== clientMsgId) } : t,
        );
      },
      (error: unknown) => {
        this.store.updateTimeline(name, (t) => ({
          ...t,
          pending: t.pending.map((p) => (p.clientMsgId === clientMsgId ? { ...p, status: 'failed' as const, error: describeError(error) } : p)),
        }));
      },
    );
  }

  private adoptRoom(info: Room, extra: Parameters<typeof summaryFromRoom>[1] = {}): void {
    const known = this.store.room(info.name);
    this.store.upsertRoom(known ? { ...known, ...extra, memberCount: info.memberCount, owner: info.owner } : summaryFromRoom(info, extra));
  }
}

function hasOlder(page: HistoryEntry[]): boolean {
  const oldest = page.reduce((min, e) => Math.min(min, e.seq), Number.POSITIVE_INFINITY);
  return page.length >= pageSize && oldest > 1;
}
