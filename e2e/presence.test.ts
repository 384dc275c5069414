import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserMissing, launchBrowser, newPerson, type Person } from './support/browser.js';
import { makeContacts } from './support/sdk.js';
import { startTestServer, type TestServer } from './support/server.js';
import { openChat, signUp } from './support/steps.js';

describe.skipIf(browserMissing)('web app: presence and status', () => {
  let server: TestServer;
  let browser: Browser;
  let ann: Person;
  let bob: Person;
  let cat: Person;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    ann = await newPerson(browser, server.url, 'Ann Status');
    bob = await newPerson(browser, server.url, 'Bob Watcher');
    cat = await newPerson(browser, server.url, 'Cat Offline');
    await Promise.all([signUp(ann), signUp(bob), signUp(cat)]);
    await makeContacts(server.url, ann, bob, cat);
    // Cat leaves: she is someone Bob shares a chat with but who is not here.
    await cat.context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('sets a status from the menu under one’s name, and others see it as a dot and in words', async () => {
    await Promise.all([ann.page.reload(), bob.page.reload()]);
    await openChat(bob.page, 'Ann Status');
    const header = bob.page.locator('.chat-header');
    await expect.poll(() => header.textContent()).toMatch(/· online/);

    await ann.page.getByRole('button', { name: /^Status: Online/ }).click();
    await ann.page.getByRole('radio', { name: /^Busy/ }).check();
    await ann.page.getByRole('textbox', { name: 'Emoji' }).fill('📅');
    await ann.page.getByRole('textbox', { name: 'Status text' }).fill('In a meeting');
    await ann.page.getByRole('combobox', { name: 'Clear after' }).selectOption('1h');
    await ann.page.getByRole('button', { name: 'Save' }).click();
    await ann.page.getByRole('button', { name: /^Status: 📅 In a meeting/ }).waitFor();

    await expect.poll(() => header.textContent()).toMatch(/· busy · 📅 In a meeting/);
    expect(await header.locator('.presence-dot').getAttribute('data-status')).toBe('busy');
    const item = bob.page.getByRole('list', { name: 'Your chats' }).getByRole('button', { name: /^Ann Status/ });
    expect(await item.locator('.presence-dot').getAttribute('data-status')).toBe('busy');

    // Invisible: offline to Bob everywhere, with when she was last seen.
    await ann.page.getByRole('button', { name: /^Status:/ }).click();
    await ann.page.getByRole('radio', { name: /^Invisible/ }).check();
    await ann.page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => header.textContent()).toMatch(/· last seen just now/);
    expect(await header.locator('.presence-dot').getAttribute('data-status')).toBe('offline');
  });

  it('lists everyone one shares a room with in the People view, grouped, and keeps it live', async () => {
    await bob.page.getByRole('button', { name: 'People' }).click();
    await expect.poll(() => bob.page.url()).toMatch(/\/people$/);
    const offline = bob.page.getByRole('region', { name: 'Offline' });
    await expect.poll(() => offline.textContent()).toContain('Cat Offline');
    await expect.poll(() => offline.textContent()).toContain('Ann Status');
    // Ann comes back into view: she moves to Online while the view is open.
    await ann.page.getByRole('button', { name: /^Status:/ }).click();
    await ann.page.getByRole('radio', { name: /^Online/ }).check();
    await ann.page.getByRole('button', { name: 'Clear custom status' }).click();
    const online = bob.page.getByRole('region', { name: 'Online' });
    await expect.poll(() => online.textContent()).toContain('Ann Status');
    expect(await offline.textContent()).not.toContain('Ann Status');
    // The view has its own address: a reload comes back to it.
    await bob.page.reload();
    await bob.page.getByRole('region', { name: 'Online' }).waitFor();
  });
});
