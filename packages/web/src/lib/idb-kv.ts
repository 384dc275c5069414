const dbName = 'parley-web';
const storeNames = ['drafts', 'snapshots'] as const;
export type KvStoreName = (typeof storeNames)[number];

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('IndexedDB is not available'));
    const req = indexedDB.open(dbName, 1);
    req.onupgradeneeded = () => {
      for (const name of storeNames) if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name);
    };
    req.onsuccess = () => {
      req.result.onversionchange = () => {
        req.result.close();
        opening = null;
      };
      resolve(req.result);
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
  opening.catch(() => (opening = null));
  return opening;
}

function run<T>(store: KvStoreName, mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest | void): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const req = act(tx.objectStore(store));
        tx.oncomplete = () => resolve((req ? req.result : undefined) as T);
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB aborted'));
      }),
  );
}

/**
 * The web app's own small key-value tables in IndexedDB (drafts, the last room list), which
 * outlive the tab. Storage may be disabled or full: every call can fail, and callers go on
 * without it.
 */
export const kv = {
  get<T>(store: KvStoreName, key: string): Promise<T | undefined> {
    return run<T | undefined>(store, 'readonly', (s) => s.get(key));
  },
  set(store: KvStoreName, key: string, value: unknown): Promise<void> {
    return run<void>(store, 'readwrite', (s) => void s.put(value, key));
  },
  delete(store: KvStoreName, key: string): Promise<void> {
    return run<void>(store, 'readwrite', (s) => void s.delete(key));
  },
  /** Every [key, value] whose key starts with `prefix`. */
  async entries<T>(store: KvStoreName, prefix: string): Promise<[string, T][]> {
    const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
    const [keys, values] = await Promise.all([run<IDBValidKey[]>(store, 'readonly', (s) => s.getAllKeys(range)), run<T[]>(store, 'readonly', (s) => s.getAll(range))]);
    return keys.map((k, i) => [String(k), values[i] as T]);
  },
};
