import { kv } from './idb-kv.js';

const saveDelayMs = 250;

/**
 * What is typed but not sent, per room, for one account: kept in IndexedDB so that switching
 * chats, reloading or closing the tab loses nothing. Read by the composer and the chat list.
 */
export class DraftBook {
  private drafts: Readonly<Record<string, string>> = {};
  private readonly listeners = new Set<() => void>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  loaded = false;

  constructor(private readonly owner: string) {}

  private key(room: string): string {
    return `${this.owner}\u0000${room}`;
  }

  /** Loads the kept drafts; what was typed meanwhile wins. */
  async load(): Promise<void> {
    try {
      const kept = await kv.entries<string>('drafts', `${this.owner}\u0000`);
      const merged: Record<string, string> = {};
      for (const [key, text] of kept) if (text) merged[key.slice(this.owner.length + 1)] = text;
      this.drafts = { ...merged, ...this.drafts };
    } catch {
      // No storage: drafts last as long as the page.
    }
    this.loaded = true;
    this.changed();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): Readonly<Record<string, string>> => this.drafts;

  get(room: string): string {
    return this.drafts[room] ?? '';
  }

  set(room: string, text: string): void {
    if ((this.drafts[room] ?? '') === text) return;
    const { [room]: _old, ...rest } = this.drafts;
    this.drafts = text ? { ...rest, [room]: text } : rest;
    this.changed();
    clearTimeout(this.timers.get(room));
    this.timers.set(room, setTimeout(() => this.save(room), saveDelayMs));
  }

  /** Writes pending changes now (the page is being hidden). */
  flush(): void {
    for (const [room, timer] of this.timers) {
      clearTimeout(timer);
      this.save(room);
    }
  }

  /** Forgets every draft of this account (signing out). */
  async clear(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    const rooms = new Set(Object.keys(this.drafts));
    try {
      for (const [key] of await kv.entries<string>('drafts', `${this.owner}\u0000`)) rooms.add(key.slice(this.owner.length + 1));
      await Promise.all([...rooms].map((room) => kv.delete('drafts', this.key(room))));
    } catch {
      // Nothing stored.
    }
    this.drafts = {};
    this.changed();
  }

  private save(room: string): void {
    this.timers.delete(room);
    const text = this.drafts[room];
    (text ? kv.set('drafts', this.key(room), text) : kv.delete('drafts', this.key(room))).catch(() => undefined);
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
