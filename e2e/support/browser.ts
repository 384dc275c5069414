import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Why the browser tests cannot run here, or null when they can. Without Chromium they skip and
 * say so, except under CI=true, where a missing browser is a failure: CI must not pass by skipping.
 */
export const browserMissing: string | null = existsSync(executablePath)
  ? null
  : `skipped: no Chromium at ${executablePath}; install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`;
if (browserMissing && process.env.CI === 'true') throw new Error(`CI=true but the browser tests cannot run: ${browserMissing}`);

/** Debian's Chromium, headless, with nothing that reaches out to the network on its own. */
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** `extraArgs`: more Chromium switches, for a test that needs them. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (browserMissing) throw new Error(browserMissing);
  return chromium.launch({ executablePath, args: [...args, ...extraArgs] });
}

/**
 * A browser with a profile on disk (IndexedDB, service workers, localStorage), as a person's own
 * browser is: closing it and launching it again on the same directory is a browser restart.
 */
export async function launchPersistentPerson(userDataDir: string, baseUrl: string, name: string, phone: string, viewport = desktop): Promise<Person> {
  if (browserMissing) throw new Error(browserMissing);
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath, args, baseURL: baseUrl, viewport });
  const page = context.pages()[0] ?? (await context.newPage());
  return watch({ context, page, dialogs: [], errors: [], name, phone, password: 'correct horse battery' });
}

/** Records the page's dialogs (dismissing them) and uncaught errors on the person. */
export function watch(person: Person): Person {
  const { page } = person;
  page.setDefaultTimeout(10_000);
  page.on('dialog', (dialog) => {
    person.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => person.errors.push(error.message));
  // Whatever the Content-Security-Policy blocked: the app must work under it without breaking it.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) person.errors.push(message.text());
  });
  return person;
}

export const desktop = { width: 1280, height: 800 };
export const phone = { width: 390, height: 844 };

/** A browser window of its own (own localStorage), as a second person would have. */
export interface Person {
  context: BrowserContext;
  page: Page;
  /** alert/confirm/prompt dialogs the page opened: a script payload that ran would show here. */
  dialogs: string[];
  /** Uncaught errors in the page. */
  errors: string[];
  name: string;
  phone: string;
  password: string;
}

let counter = 0;

/** A phone number no other test uses. */
export function uniquePhone(): string {
  counter += 1;
  return `${Date.now() % 1_000_000_000}${process.pid % 100}${counter}`.slice(0, 14).padStart(9, '5');
}

export async function newPerson(browser: Browser, baseUrl: string, name: string, viewport = desktop, options: BrowserContextOptions = {}): Promise<Person> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, ...options });
  const page = await context.newPage();
  return watch({ context, page, dialogs: [], errors: [], name, phone: uniquePhone(), password: 'correct horse battery' });
}

/** Another tab of the same person's browser, watched like the first. */
export async function newTab(person: Person): Promise<Person> {
  person.page = await person.context.newPage();
  return watch(person);
}
