/**
 * What the device says about its network: browsers fire `offline` the moment the link goes and
 * `online` when it returns, long before a heartbeat could tell. Only a hint: `online` does not
 * mean the server is reachable, and some setups report `offline` while localhost still works.
 */
export interface NetworkSignal {
  subscribe(listener: (online: boolean) => void): () => void;
}

interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/** The browser's online/offline events, or null where there are none (Node). */
export function browserNetworkSignal(): NetworkSignal | null {
  const target = globalThis as Partial<EventTargetLike> & { document?: unknown };
  if (typeof target.addEventListener !== 'function' || typeof target.removeEventListener !== 'function' || target.document === undefined) return null;
  const events = target as EventTargetLike;
  return {
    subscribe(listener) {
      const offline = () => listener(false);
      const online = () => listener(true);
      events.addEventListener('offline', offline);
      events.addEventListener('online', online);
      return () => {
        events.removeEventListener('offline', offline);
        events.removeEventListener('online', online);
      };
    },
  };
}
