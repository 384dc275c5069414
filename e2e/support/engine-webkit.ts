import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { Capabilities, Key as Keys, WebDriver, type WebElement } from 'selenium-webdriver';
import type { Engine, EngineWindow, QueryResult } from './engine.js';
import { inPageQuery } from './in-page-query.js';
import { createNetworkCut } from './network-cut.js';
import { describeTarget, toWire, type Target } from './target.js';

// A CommonJS folder module, which ESM cannot import by its typed name.
const { Executor, HttpClient } = createRequire(import.meta.url)('selenium-webdriver/http') as typeof import('selenium-webdriver/http.js');

const driverPath = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
const miniBrowser = process.env.WEBKIT_BROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const xvfbRun = '/usr/bin/xvfb-run';

/**
 * WebKit (Safari's engine) as Debian's WebKitGTK builds it: WebKitWebDriver drives its MiniBrowser,
 * which needs a display, so both run on one Xvfb that `xvfb-run` starts. selenium-webdriver talks
 * to each driver by URL (`WebDriver.createSession` with an HTTP executor), so selenium-manager,
 * which finds or downloads drivers, is never run. A driver holds one session, so each window has a
 * driver of its own (and a browser with its own ephemeral storage, as an automation session gets).
 * WebDriver classic has no network emulation: offline cuts the window's own relay to the server.
 */
export const webkitEngine: Engine = {
  name: 'webkit',
  missing: missingFiles(),
  offline: 'cut',
  async launch() {
    const display = await startDisplay();
    const drivers: ChildProcess[] = [];
    const closers: (() => Promise<void>)[] = [];
    return {
      async newWindow(baseUrl) {
        const relay = await createNetworkCut(baseUrl);
        const port = await freePort();
        const driver = spawn(driverPath, [`--port=${port}`], { env: { ...process.env, ...display.env }, stdio: 'ignore' });
        drivers.push(driver);
        const server = `http://127.0.0.1:${port}`;
        await waitUntilReady(server);
        const capabilities = new Capabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] } });
        const session = await WebDriver.createSession(new Executor(new HttpClient(server)), capabilities);
        await session.manage().window().setRect({ width: 1280, height: 800 });
        const errors: string[] = [];
        // WebDriver classic reports no page errors: the page records them from its load on, and
        // they are collected before each navigation.
        const watchErrors = () => session.executeScript(recordErrors);
        const collectErrors = async () => {
          errors.push(...((await session.executeScript('return window.__parleyErrors ?? []')) as string[]));
        };
        const window: EngineWindow = {
          async goto(path) {
            await collectErrors().catch(() => undefined);
            await session.get(new URL(path, relay.url).href);
            await watchErrors();
          },
          async reload() {
            await collectErrors();
            await session.navigate().refresh();
            await watchErrors();
          },
          path: async () => (await session.executeScript('return location.pathname')) as string,
          evaluate: (expression) => session.executeScript(`return (${expression});`),
          query: async (target, attribute) => (await session.executeScript(inPageQuery, { target: toWire(target), attribute: attribute ?? null, element: false })) as QueryResult,
          async click(target) {
            await (await element(session, target)).click();
          },
          // Modifiers go through the actions API: WebKitWebDriver (2.50) does not release them
          // at the NULL key that ends a sendKeys chord, so Shift+Enter then typed capitals.
          // And not WebElement.clear(): it fires no input event, so React never sees the change.
          async fill(target, text) {
            const input = await element(session, target);
            await input.click();
            await session.actions().keyDown(Keys.CONTROL).sendKeys('a').keyUp(Keys.CONTROL).sendKeys(text === '' ? Keys.BACK_SPACE : text).perform();
          },
          async type(target, text) {
            await (await element(session, target)).sendKeys(text);
          },
          async press(target, key) {
            const input = await element(session, target);
            if (key === 'Shift+Enter') await session.actions().keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
            else await input.sendKeys(Keys.ENTER);
          },
          async setOffline(offline) {
            if (offline) relay.cut();
            else relay.restore();
          },
          async errors() {
            await collectErrors();
            await watchErrors();
            return [...errors];
          },
          async close() {
            await session.quit();
            await relay.close();
          },
        };
        closers.push(async () => {
          await session.quit().catch(() => undefined);
          await relay.close();
        });
        return window;
      },
      async close() {
        for (const close of closers) await close();
        for (const driver of drivers) driver.kill();
        display.stop();
      },
    };
  },
};

function missingFiles(): string | null {
  const absent = [driverPath, miniBrowser, xvfbRun].filter((path) => !existsSync(path));
  return absent.length === 0 ? null : `no ${absent.join(' or ')}; install them with \`apt-get install -y webkit2gtk-driver xvfb\` (or set WEBKIT_DRIVER_PATH, WEBKIT_BROWSER_PATH)`;
}

/** Runs in the page: keeps its uncaught errors until they are collected (and forgets those). */
const recordErrors = `
  window.__parleyErrors = [];
  if (!window.__parleyWatching) {
    window.__parleyWatching = true;
    window.addEventListener('error', (e) => window.__parleyErrors.push(String(e.message)));
    window.addEventListener('unhandledrejection', (e) => window.__parleyErrors.push(String(e.reason)));
  }`;

async function element(session: WebDriver, target: Target): Promise<WebElement> {
  const found = (await session.executeScript(inPageQuery, { target: toWire(target), attribute: null, element: true })) as WebElement | null;
  if (!found) throw new Error(`webkit: no ${describeTarget(target)}`);
  return found;
}

interface Display {
  env: { DISPLAY: string; XAUTHORITY: string };
  stop(): void;
}

/**
 * An X display from `xvfb-run -a` (a free display number and its own auth file). xvfb-run holds it
 * while its command runs; the command prints where the display is, then waits on its input, so
 * closing that input lets xvfb-run stop Xvfb and remove the auth file.
 */
async function startDisplay(): Promise<Display> {
  const holder = spawn(xvfbRun, ['-a', '-s', '-screen 0 1280x1024x24', 'sh', '-c', 'echo "$DISPLAY $XAUTHORITY"; exec cat'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    holder.once('exit', (code) => reject(new Error(`xvfb-run exited (${code}) before the display was up`)));
    createInterface({ input: holder.stdout! }).once('line', resolve);
  });
  const [DISPLAY = '', XAUTHORITY = ''] = line.split(' ');
  return {
    env: { DISPLAY, XAUTHORITY },
    stop: () => holder.stdin!.end(),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitUntilReady(server: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const response = await fetch(`${server}/status`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver at ${server} did not answer within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
