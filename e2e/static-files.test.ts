import { readdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserMissing, launchBrowser, newPerson } from './support/browser.js';
import { startTestServer, type TestServer } from './support/server.js';
import { messageIn, openPrivateChat, send, signUp } from './support/steps.js';

const assets = resolve(dirname(fileURLToPath(import.meta.url)), '../packages/web/dist/assets');

/** The policy the security headers are to send: nothing inline, nothing from elsewhere. */
const strictPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

describe('web app: static files', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const get = (path: string, encoding: string) => fetch(`${server.url}${path}`, { headers: { 'accept-encoding': encoding } });

  it('sends the brotli or gzip file made at build time, and hashed files cached for a year', async () => {
    // Files under 1 KB (the bundler's little runtime shared by lazy chunks) are not worth compressing: build/precompress.ts skips them.
    const scripts = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f) && statSync(resolve(assets, f)).size >= 1024);
    expect(scripts.length).toBeGreaterThanOrEqual(3); // the entry, the lazily loaded chat, the styles
    for (const file of scripts) {
      for (const [accept, expected] of [['br, gzip', 'br'], ['gzip', 'gzip'], ['identity', null]] as const) {
        const reply = await get(`/assets/${file}`, accept);
        expect(reply.status).toBe(200);
        expect(reply.headers.get('content-encoding')).toBe(expected);
        expect(reply.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        expect(reply.headers.get('vary')).toMatch(/accept-encoding/i);
        await reply.arrayBuffer();
      }
    }
  });

  it('has the browser check index.html, the service worker and the manifest on every load', async () => {
    for (const path of ['/', '/index.html', '/chat/some%20room/12', '/sw.js', '/manifest.webmanifest', '/theme-init.js']) {
      const reply = await get(path, 'br, gzip');
      expect(reply.status, path).toBe(200);
      expect(reply.headers.get('cache-control'), path).toBe('no-cache');
      await reply.arrayBuffer();
    }
    expect((await get('/sw.js', 'br')).headers.get('content-type')).toMatch(/javascript/);
    const missing = await get('/assets/gone-1234.js', 'br');
    expect(missing.status).toBe(404);
  });

  it('has no inline script in index.html, and a manifest that makes the app installable', async () => {
    const html = await (await get('/', 'identity')).text();
    for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) expect(tag).toMatch(/^<script[^>]*\bsrc="\/[^"]+"[^>]*><\/script>$/);
    expect(html).not.toMatch(/<style\b/);
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest"');
    const manifest = (await (await get('/manifest.webmanifest', 'identity')).json()) as { start_url: string; display: string; icons: { src: string; sizes: string }[] };
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) expect((await get(icon.src, 'identity')).status).toBe(200);
  });
});

describe.skipIf(browserMissing)('web app: under a strict Content-Security-Policy', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    // A response the test fulfils has no address of its own, so Chromium would take the page for a
    // public one and refuse it the WebSocket to 127.0.0.1; the real server's pages are not affected.
    [server, browser] = await Promise.all([startTestServer(), launchBrowser(['--disable-features=LocalNetworkAccessChecks'])]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('works with no inline script or style element allowed, and registers its service worker from a file', async () => {
    const violations: string[] = [];
    const people = await Promise.all(['Csp One', 'Csp Two'].map((name) => newPerson(browser, server.url, name)));
    for (const person of people) {
      // The policy is added here, in front of the server, so that this test does not depend on who sends it.
      await person.context.route('**/*', async (route) => {
        const response = await route.fetch();
        // route.fetch hands back the body decoded: the encoding headers no longer apply.
        const { 'content-encoding': _encoding, 'content-length': _length, ...headers } = response.headers();
        if ((headers['content-type'] ?? '').includes('text/html')) headers['content-security-policy'] = strictPolicy;
        await route.fulfill({ response, headers });
      });
      person.page.on('console', (message) => {
        if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
      });
      await person.page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to ${e.violatedDirective}: ${e.blockedURI}`));
      });
    }
    const [one, two] = people as [(typeof people)[0], (typeof people)[0]];
    await signUp(one);
    await signUp(two);
    await openPrivateChat(one.page, two);
    await send(one.page, 'Policy-proof');
    await one.page.getByRole('button', { name: 'Appearance' }).click();
    await one.page.getByRole('radio', { name: /Dark/ }).check();
    await one.page.getByRole('button', { name: 'Done' }).click();
    expect(await one.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(241, 245, 249)');
    await one.page.reload();
    await messageIn(one.page, 'Policy-proof').waitFor();
    expect(await one.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const registration = await one.page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    expect(registration).toBe(`${server.url}/sw.js`);
    expect(violations).toEqual([]);
    expect(one.errors).toEqual([]);
  });
});

if (browserMissing !== null) {
  const reason = browserMissing;
  describe('web app: under a strict Content-Security-Policy', () => {
    it.skip(reason, () => {});
  });
}
