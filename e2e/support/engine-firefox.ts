import { existsSync } from 'node:fs';
import puppeteer, { type ElementHandle, type Page } from 'puppeteer-core';
import type { Engine, EngineWindow, QueryResult } from './engine.js';
import { inPageQuery } from './in-page-query.js';
import { describeTarget, toWire, type Target } from './target.js';

const executablePath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * Debian's Firefox ESR, headless, through puppeteer-core over WebDriver BiDi (puppeteer-core never
 * downloads a browser; this one is given by path). Offline is BiDi's network emulation
 * (`emulation.setNetworkConditions` with type offline, behind `page.setOfflineMode`): the page sees
 * `navigator.onLine` false and the `offline` event, and its requests and sockets fail.
 */
export const firefoxEngine: Engine = {
  name: 'firefox',
  missing: existsSync(executablePath) ? null : `no Firefox at ${executablePath}; install it with \`apt-get install -y firefox-esr\` (or set FIREFOX_PATH)`,
  offline: 'emulated',
  async launch() {
    const browser = await puppeteer.launch({ browser: 'firefox', executablePath, headless: true });
    return {
      async newWindow(baseUrl) {
        // A browser context of its own: cookies, localStorage and IndexedDB apart from the others'.
        // In a window of its own, too: a tab behind another is hidden, and Firefox then runs no
        // animation frames in it, which input actions wait for (each key took ~0.5 s).
        const context = await browser.createBrowserContext();
        const page = await context.newPage({ type: 'window' });
        await page.setViewport({ width: 1280, height: 800 });
        page.setDefaultTimeout(10_000);
        const errors: string[] = [];
        page.on('pageerror', (error) => {
          const text = error instanceof Error ? error.message : String(error);
          // Firefox logs a socket that cannot connect (offline, as the flows make it) as a script
          // error; it is the browser's note on the network, not something the page threw.
          if (!/^Firefox can.t establish a connection to the server at wss?:/.test(text)) errors.push(text);
        });
        // A reload with messages waiting asks first (beforeunload); the person says leave. Firefox
        // waits on that question, where Chromium and WebKit do not ask a reload the driver made.
        page.on('dialog', (dialog) => void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()));
        const window: EngineWindow = {
          async goto(path) {
            await page.goto(new URL(path, baseUrl).href);
          },
          async reload() {
            await page.reload();
          },
          path: () => page.evaluate(() => location.pathname),
          evaluate: (expression) => page.evaluate(expression),
          query: (target, attribute) => page.evaluate(inPageQuery, { target: toWire(target), attribute: attribute ?? null, element: false }) as Promise<QueryResult>,
          async click(target) {
            await (await element(page, target)).click();
          },
          async fill(target, text) {
            const handle = await element(page, target);
            // Select what is there, so typing replaces it (Control+A selects a field's text on Linux).
            await handle.click();
            await page.keyboard.down('Control');
            await page.keyboard.press('a');
            await page.keyboard.up('Control');
            if (text === '') await page.keyboard.press('Backspace');
            else await handle.type(text);
          },
          async type(target, text) {
            await (await element(page, target)).type(text);
          },
          async press(target, key) {
            await (await element(page, target)).focus();
            if (key === 'Shift+Enter') {
              await page.keyboard.down('Shift');
              await page.keyboard.press('Enter');
              await page.keyboard.up('Shift');
            } else await page.keyboard.press('Enter');
          },
          setOffline: (offline) => page.setOfflineMode(offline),
          errors: async () => [...errors],
          close: () => context.close(),
        };
        return window;
      },
      close: () => browser.close(),
    };
  },
};

async function element(page: Page, target: Target): Promise<ElementHandle> {
  const handle = (await page.evaluateHandle(inPageQuery, { target: toWire(target), attribute: null, element: true })).asElement();
  if (!handle) throw new Error(`firefox: no ${describeTarget(target)}`);
  return handle as ElementHandle;
}
