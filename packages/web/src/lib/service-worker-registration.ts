/**
 * Installs the service worker (public sw.js, built by vite.config.ts) that keeps the app shell,
 * so that Parley opens without a network and shows what waits in the outbox. Only in a build:
 * the dev server's modules change on every save.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // Without it the app still works online; nothing to tell the person.
    });
  });
}
