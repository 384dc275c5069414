import { inSendOrder, type OutboxRecord, type OutboxStore } from './outbox-store.js';

export interface IndexedDbOutboxStoreOptions {
  /** Database name (default "parley-outbox"); one per origin is enough, records carry their owner. */
  name?: string;
  /** The IndexedDB factory (default the global `indexedDB`). */
  indexedDB?: IDBFactory;
}

const storeName = 'messages';

/**
 * Keeps the outbox in the browser's IndexedDB, so that messages written offline survive a
 * reload, a crash of the tab and a restart of the browser. Every tab of the origin shares it;
 * the server's de-duplication by clientMsgId makes a message sent from two tabs land once.
 */
export class IndexedDbOutboxStore implements OutboxStore {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly options: IndexedDbOutboxStoreOptions = {}) {}

  async load(owner: string): Promise<OutboxRecord[]> {
    const db = await this.open();
    const records = await request<OutboxRecord[]>(db.transaction(storeName, 'readonly').objectStore(storeName).index('owner').getAll(owner));
    // Records stored with `order` (the time of the first put) keep that order among equal timestamps.
    return inSendOrder(records.sort((a, b) => orderOf(a) - orderOf(b))).map(withoutOrder);
  }

  async put(record: OutboxRecord): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(storeName, 'readwrite');
    const store = tx.objectStore(storeName);
    const existing = await request<(OutboxRecord & { order?: number }) | undefined>(store.get(record.clientMsgId));
    store.put({ ...record, order: existing?.order ?? Date.now() + Math.random() / 2 });
    await done(tx);
  }

  async delete(clientMsgId: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(storeName, 'readwrite');
    tx.objectStore(storeName).delete(clientMsgId);
    await done(tx);
  }

  private open(): Promise<IDBDatabase> {
    if (this.db) return this.db;
    const factory = this.options.indexedDB ?? globalThis.indexedDB;
    if (!factory) return Promise.reject(new Error('IndexedDB is not available here'));
    const opening = new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(this.options.name ?? 'parley-outbox', 1);
      req.onupgradeneeded = () => {
        const store = req.result.createObjectStore(storeName, { keyPath: 'clientMsgId' });
        store.createIndex('owner', 'owner');
      };
      req.onsuccess = () => {
        const db = req.result;
        // Another tab upgrading the schema: let it, and open again on the next call.
        db.onversionchange = () => {
          db.close();
          this.db = null;
        };
        resolve(db);
      };
      req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
      req.onblocked = () => reject(new Error('IndexedDB open blocked by another tab'));
    });
    this.db = opening;
    opening.catch(() => {
      if (this.db === opening) this.db = null;
    });
    return opening;
  }
}

function orderOf(record: OutboxRecord): number {
  return (record as OutboxRecord & { order?: number }).order ?? 0;
}

function withoutOrder(record: OutboxRecord): OutboxRecord {
  const { order: _order, ...rest } = record as OutboxRecord & { order?: number };
  return rest;
}

function request<T>(req: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result as T);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}
