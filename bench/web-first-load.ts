// Measures what the web app sends on first load (npx tsx bench/web-first-load.ts, after npm run build):
// the compressed bytes of JavaScript, CSS and HTML a fresh browser downloads for the welcome page
// and for the chat of someone signed in, as Debian's Chromium receives them from a real server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { startServer } from '../packages/server/src/app.js';

const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../packages/web/dist');

interface Load {
  js: number;
  css: number;
  html: number;
  files: string[];
}

/** Encoded (on the wire) body bytes by kind, for everything the page fetched until it settled. */
async function firstLoad(page: Page, path: string, ready: () => Promise<unknown>): Promise<Load> {
  const load: Load = { js: 0, css: 0, html: 0, files: [] };
  const pending: Promise<void>[] = [];
  page.on('requestfinished', (request) => {
    pending.push(
      request.sizes().then(async (sizes) => {
        const type = (await request.response())?.headers()['content-type'] ?? '';
        const encoding = (await request.response())?.headers()['content-encoding'] ?? 'identity';
        const kind = type.includes('javascript') ? 'js' : type.includes('css') ? 'css' : type.includes('html') ? 'html' : null;
        if (!kind) return;
        load[kind] += sizes.responseBodySize;
        load.files.push(`${new URL(request.url()).pathname} ${(sizes.responseBodySize / 1024).toFixed(1)} KB (${encoding})`);
      }),
    );
  });
  await page.goto(path);
  await ready();
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  return load;
}

const dataDir = mkdtempSync(join(tmpdir(), 'parley-first-load-'));
const server = await startServer({ dataDir, port: 0, host: '127.0.0.1', webRoot });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
try {
  // No service worker: this is the first visit, with nothing kept from before.
  const fresh = () => browser.newContext({ baseURL: server.url, serviceWorkers: 'block' });
  const welcome = await firstLoad(await (await fresh()).newPage(), '/', async () => undefined);

  const phone = '5550100200';
  await fetch(`${server.url}/api/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Measure', phone, password: 'measure first load' }) });
  const { token } = (await (await fetch(`${server.url}/api/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password: 'measure first load' }) })).json()) as { token: string };
  const context = await fresh();
  await context.addInitScript(([t, p]) => {
    localStorage.setItem('parley.token', t);
    localStorage.setItem('parley.phone', p);
  }, [token, phone] as const);
  const chatPage = await context.newPage();
  const chat = await firstLoad(chatPage, '/chat', () => chatPage.getByRole('searchbox', { name: 'Search' }).waitFor());

  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  for (const [name, load] of [['Welcome page (signed out)', welcome], ['Chat list (signed in)', chat]] as const) {
    console.log(`${name}: JavaScript ${kb(load.js)}, CSS ${kb(load.css)}, HTML ${kb(load.html)} compressed on the wire`);
    for (const file of load.files) console.log(`  ${file}`);
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
