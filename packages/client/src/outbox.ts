import { ParleyError, type Attachment, type ErrorCode, type OkPayloads } from '@parley/protocol';
import { backoffDelay } from './backoff.js';
import type { Connection } from './connection.js';
import { Emitter } from './emitter.js';
import type { OutboxRecord, OutboxStore } from './outbox-store.js';

export type MessageAck = OkPayloads['message'];

/**
 * Where an unacknowledged message stands: `queued` waits for a connection (offline, reconnecting,
 * or a pause the server asked for); `sending` went out on the current socket and awaits its ack;
 * `failed` was refused by the server for good and waits for retry() or discard().
 */
export type OutboxStatus = 'queued' | 'sending' | 'failed';

/** A message in the outbox, as an app shows it until it appears in the room's stream. */
export interface OutboxMessage {
  clientMsgId: string;
  room: string;
  text: string;
  attachments?: Attachment[];
  ts: string;
  status: OutboxStatus;
  error?: { code: ErrorCode; message: string };
}

export interface OutboxEvents extends Record<string, unknown> {
  /** Anything in the outbox changed; read `messages()` for the new state. */
  change: undefined;
}

interface Entry {
  record: OutboxRecord;
  status: OutboxStatus;
  /** Bumped on each transmission, so that a late error from an earlier one is ignored. */
  attempt: number;
  retries: number;
  retryTimer: ReturnType<typeof setTimeout> | undefined;
  waiters: { resolve: (ack: MessageAck) => void; reject: (error: ParleyError) => void }[];
}

/** Codes after which the same message is sent again by itself; any other refusal is final. */
const transient = new Set<ErrorCode>(['unavailable', 'rate_limited']);

export interface OutboxOptions {
  store: OutboxStore;
  /** Called once per acknowledged message, whichever send (or resend after a reload) it was. */
  onAck: (record: OutboxRecord, ack: MessageAck) => void;
  /** The first pause before sending again after the server asked to wait (doubles, up to 8×). */
  retryDelayMs: number;
}

/**
 * The SDK's one outbox: every message goes through it, is kept in its store until the server
 * acknowledges it, and is sent again with the same clientMsgId after a reconnect, a reload, or a
 * restart of the process, so it is stored exactly once. Messages belong to the account that
 * wrote them; a connection signed in as someone else never sends them.
 */
export class Outbox extends Emitter<OutboxEvents> {
  private readonly entries = new Map<string, Entry>();
  private currentOwner: string | null = null;
  private snapshot: readonly OutboxMessage[] | null = null;
  private loading: Promise<void> = Promise.resolve();
  private writes = new Set<Promise<unknown>>();

  constructor(
    private readonly connection: Connection,
    private readonly options: OutboxOptions,
  ) {
    super();
    connection.on('ready', (user) => void this.resume(user.phone));
    connection.on('state', (change) => {
      if (change.state === 'open') return;
      for (const entry of this.entries.values()) {
        clearTimeout(entry.retryTimer);
        if (entry.status === 'sending') entry.status = 'queued';
      }
      // close() and a refused token end the connection for good: whoever awaits a send is told,
      // but the messages stay in the store for the next connection of the same account.
      if (change.state === 'closed') {
        const error = new ParleyError('unavailable', change.reason || 'The connection was closed before the server acknowledged the message.');
        for (const entry of this.entries.values()) for (const waiter of entry.waiters.splice(0)) waiter.reject(error);
      }
      this.changed();
    });
  }

  /** The account whose messages are loaded, once known. */
  get owner(): string | null {
    return this.currentOwner;
  }

  /** What is waiting, oldest first; the same array until something changes. */
  messages(): readonly OutboxMessage[] {
    this.snapshot ??= [...this.entries.values()].map(toMessage);
    return this.snapshot;
  }

  /**
   * Loads the account's kept messages (those from an earlier page load, say) so that they can be
   * shown before a connection exists; they are sent once one does. Called by itself on connect.
   */
  open(owner: string): Promise<void> {
    if (owner !== this.currentOwner) {
      // Another account's messages leave memory (they stay in the store for that account).
      for (const entry of this.entries.values()) {
        clearTimeout(entry.retryTimer);
        for (const waiter of entry.waiters.splice(0)) waiter.reject(new ParleyError('unauthorized', 'Signed in as someone else before the message was sent.'));
      }
      this.entries.clear();
      this.currentOwner = owner;
      this.changed();
    }
    const load = this.loading.then(() => this.merge(owner));
    this.loading = load.catch(() => undefined);
    return load;
  }

  /** Adds a message and sends it as soon as a connection is up; resolves with the server's ack. */
  send(room: string, text: string, clientMsgId: string, extra: Pick<OutboxRecord, 'replyTo' | 'mentions' | 'attachments'> = {}): Promise<MessageAck> {
    const owner = this.currentOwner ?? this.connection.user?.phone ?? null;
    if (owner === null) return Promise.reject(new ParleyError('unavailable', 'Not connected: call connect() first.'));
    if (owner !== this.currentOwner) void this.open(owner);
    const known = this.entries.get(clientMsgId);
    if (known) return this.waitFor(known);
    const entry: Entry = { record: { clientMsgId, room, text, ...extra, ts: new Date().toISOString(), owner }, status: 'queued', attempt: 0, retries: 0, retryTimer: undefined, waiters: [] };
    this.entries.set(clientMsgId, entry);
    const promise = this.waitFor(entry);
    this.persist(entry.record);
    this.changed();
    if (this.connection.state === 'open') this.transmit(entry);
    return promise;
  }

  /** Resolves once every change made so far has reached the store (or failed to). */
  async flushed(): Promise<void> {
    while (this.writes.size > 0) await Promise.allSettled([...this.writes]);
  }

  /** Sends a failed message again, with the same clientMsgId. */
  retry(clientMsgId: string): void {
    const entry = this.entries.get(clientMsgId);
    if (!entry || entry.status !== 'failed') return;
    delete entry.record.failure;
    entry.status = 'queued';
    entry.retries = 0;
    this.persist(entry.record);
    this.changed();
    if (this.connection.state === 'open') this.transmit(entry);
  }

  /** Gives up on a message: it is removed here and from the store, and will not be sent. */
  async discard(clientMsgId: string): Promise<void> {
    const entry = this.entries.get(clientMsgId);
    if (entry) this.remove(entry, new ParleyError('unavailable', 'The message was discarded before it was sent.'));
    await this.track(this.options.store.delete(clientMsgId));
  }

  /** Discards every message of the current account (signing out on a shared device). */
  async clear(): Promise<void> {
    const owner = this.currentOwner;
    for (const entry of [...this.entries.values()]) await this.discard(entry.record.clientMsgId);
    if (owner !== null) for (const record of await this.options.store.load(owner)) await this.options.store.delete(record.clientMsgId);
  }

  /** Picks up what the store holds (other tabs may have added some), then sends everything queued. */
  private async resume(owner: string): Promise<void> {
    try {
      await this.open(owner);
    } catch {
      // The store is unreadable (storage disabled): carry on with what is in memory.
    }
    if (this.connection.state !== 'open' || this.connection.user?.phone !== owner) return;
    for (const entry of this.entries.values()) if (entry.status === 'queued') this.transmit(entry);
  }

  private async merge(owner: string): Promise<void> {
    const records = await this.options.store.load(owner);
    if (owner !== this.currentOwner) return;
    let added = false;
    for (const record of records) {
      if (this.entries.has(record.clientMsgId)) continue;
      this.entries.set(record.clientMsgId, { record, status: record.failure ? 'failed' : 'queued', attempt: 0, retries: 0, retryTimer: undefined, waiters: [] });
      added = true;
    }
    if (added) {
      // Kept messages first, in the order they were written.
      const sorted = [...this.entries.values()].sort((a, b) => (a.record.ts < b.record.ts ? -1 : a.record.ts > b.record.ts ? 1 : 0));
      this.entries.clear();
      for (const entry of sorted) this.entries.set(entry.record.clientMsgId, entry);
      this.changed();
    }
  }

  private transmit(entry: Entry): void {
    clearTimeout(entry.retryTimer);
    entry.retryTimer = undefined;
    const attempt = ++entry.attempt;
    if (entry.status !== 'sending') {
      entry.status = 'sending';
      this.changed();
    }
    const { room, text, clientMsgId, replyTo, mentions, attachments } = entry.record;
    const frame = {
      room, clientMsgId,
      ...(text !== '' ? { text } : {}),
      ...(attachments?.length ? { attachments: attachments.map((a) => a.id) } : {}),
      ...(replyTo !== undefined ? { replyTo } : {}),
      ...(mentions?.length ? { mentions } : {}),
    };
    this.connection.request('message', frame).then(
      (ack) => this.acknowledged(entry, ack),
      (error: ParleyError) => {
        if (this.entries.get(clientMsgId) !== entry || attempt !== entry.attempt || entry.status !== 'sending') return;
        if (transient.has(error.code)) this.later(entry, error);
        else this.failed(entry, error);
      },
    );
  }

  private acknowledged(entry: Entry, ack: MessageAck): void {
    if (this.entries.get(entry.record.clientMsgId) !== entry) return;
    const waiters = entry.waiters.splice(0);
    this.remove(entry, null);
    this.track(this.options.store.delete(entry.record.clientMsgId));
    this.options.onAck(entry.record, ack);
    for (const waiter of waiters) waiter.resolve(ack);
  }

  /** The server asked to wait, or did not answer: send again later on this socket, or on the next. */
  private later(entry: Entry, error: ParleyError): void {
    entry.status = 'queued';
    this.changed();
    if (this.connection.state !== 'open') return; // the next 'ready' sends it
    const base = error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : this.options.retryDelayMs;
    const delay = backoffDelay(entry.retries++, base, base * 8);
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = undefined;
      if (this.entries.get(entry.record.clientMsgId) === entry && entry.status === 'queued' && this.connection.state === 'open') this.transmit(entry);
    }, delay);
  }

  private failed(entry: Entry, error: ParleyError): void {
    entry.status = 'failed';
    entry.record.failure = { code: error.code, message: error.message };
    this.persist(entry.record);
    for (const waiter of entry.waiters.splice(0)) waiter.reject(error);
    this.changed();
  }

  private remove(entry: Entry, error: ParleyError | null): void {
    clearTimeout(entry.retryTimer);
    this.entries.delete(entry.record.clientMsgId);
    if (error) for (const waiter of entry.waiters.splice(0)) waiter.reject(error);
    this.changed();
  }

  private waitFor(entry: Entry): Promise<MessageAck> {
    return new Promise((resolve, reject) => entry.waiters.push({ resolve, reject }));
  }

  private persist(record: OutboxRecord): void {
    // Storage can be full or disabled; the message is still sent from memory.
    this.track(this.options.store.put({ ...record })).catch(() => undefined);
  }

  private track<T>(write: Promise<T>): Promise<T> {
    this.writes.add(write);
    const forget = () => this.writes.delete(write);
    write.then(forget, forget);
    return write;
  }

  private changed(): void {
    this.snapshot = null;
    this.emit('change', undefined);
  }
}

function toMessage(entry: Entry): OutboxMessage {
  const { clientMsgId, room, text, ts, failure, attachments } = entry.record;
  return { clientMsgId, room, text, ts, status: entry.status, ...(attachments?.length ? { attachments } : {}), ...(failure ? { error: failure } : {}) };
}
