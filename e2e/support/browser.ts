import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

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
export function launchBrowser(): Promise<Browser> {
  if (browserMissing) throw new Error(browserMissing);
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
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

export async function newPerson(browser: Browser, baseUrl: string, name: string, viewport = desktop): Promise<Person> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const person: Person = { context, page, dialogs: [], errors: [], name, phone: uniquePhone(), password: 'correct horse battery' };
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
