/// <reference lib="webworker" />
// The service worker: keeps the app shell (index.html and the hashed files of this build) so
// that Parley opens without a network; the chat itself comes from the SDK, whose outbox in
// IndexedDB holds what was written offline. The API and the WebSocket are never cached here.

export {};
declare const self: ServiceWorkerGlobalScope;

/** Filled in at build time (vite.config.ts): the shell's files and a name that changes with them. */
declare const __PARLEY_SHELL__: { version: string; files: string[] };

const shell = __PARLEY_SHELL__;
const cacheName = `parley-shell-${shell.version}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(cacheName);
      // Past the HTTP cache: index.html is no-cache, and a stale one would name files that are gone.
      await cache.addAll(shell.files.map((file) => new Request(file, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('parley-shell-') && name !== cacheName) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname === '/ws') return;
  if (request.mode === 'navigate') {
    // Pages: the network first (a new release shows at once), the kept shell when it cannot answer.
    event.respondWith(
      fetch(request).catch(async () => (await caches.match('/index.html', { cacheName })) ?? Response.error()),
    );
    return;
  }
  // Files: hashed names never change, so what is kept is right; the rest falls through to the network.
  event.respondWith(
    (async () => {
      const kept = await caches.match(request, { cacheName });
      if (kept) return kept;
      const response = await fetch(request);
      if (response.ok && url.pathname.startsWith('/assets/')) {
        const copy = response.clone();
        void caches.open(cacheName).then((cache) => cache.put(request, copy));
      }
      return response;
    })(),
  );
});
