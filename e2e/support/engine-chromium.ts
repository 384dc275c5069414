import { existsSync } from 'node:fs';
import { chromium, type ElementHandle, type Page } from 'playwright-core';
import type { Engine, EngineWindow, QueryResult } from './engine.js';
import { inPageQuery } from './in-page-query.js';
import { describeTarget, toWire, type Target } from './target.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Debian's Chromium through playwright-core; offline is its own network emulation (`setOffline`). */
export const chromiumEngine: Engine = {
  name: 'chromium',
  missing: existsSync(executablePath) ? null : `no Chromium at ${executablePath}; install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`,
  offline: 'emulated',
  async launch() {
    const browser = await chromium.launch({ executablePath, args });
    return {
      async newWindow(baseUrl) {
        const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        const window: EngineWindow = {
          async goto(path) {
            await page.goto(path);
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
            await (await element(page, target)).fill(text);
          },
          async type(target, text) {
            await (await element(page, target)).type(text);
          },
          async press(target, key) {
            await (await element(page, target)).press(key);
          },
          setOffline: (offline) => context.setOffline(offline),
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
  if (!handle) throw new Error(`chromium: no ${describeTarget(target)}`);
  return handle as ElementHandle;
}
