import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserMissing, launchBrowser, newPerson, type Person } from './support/browser.js';
import { makeContacts, sdkSession } from './support/sdk.js';
import { startTestServer, type TestServer } from './support/server.js';
import { messageIn, openChat, openPrivateChat, send, signUp } from './support/steps.js';

describe.skipIf(browserMissing)('web app: read receipts', () => {
  let server: TestServer;
  let browser: Browser;
  let ann: Person;
  let bob: Person;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    ann = await newPerson(browser, server.url, 'Ann Sender');
    bob = await newPerson(browser, server.url, 'Bob Reader');
    await Promise.all([signUp(ann), signUp(bob)]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows "Seen" under Ann’s message once Bob has read it, and nothing once she turns receipts off', async () => {
    await openPrivateChat(ann.page, bob);
    await send(ann.page, 'Did you get this?');
    const seen = ann.page.getByTestId('seen');
    await expect.poll(() => seen.count()).toBe(0);
    await openChat(bob.page, 'Ann Sender');
    await messageIn(bob.page, 'Did you get this?').waitFor();
    await seen.waitFor();
    // "Seen" sits right under the message it is about.
    expect(await ann.page.locator('.message-items > li').last().textContent()).toBe('Seen');

    await ann.page.getByRole('button', { name: 'Appearance' }).click();
    const toggle = ann.page.getByRole('checkbox', { name: /Read receipts/ });
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await ann.page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => seen.count()).toBe(0);
    await send(ann.page, 'And this?');
    await messageIn(bob.page, 'And this?').waitFor();
    await bob.page.waitForTimeout(500);
    expect(await seen.count()).toBe(0);
  });

  it('shows a group’s readers under the message they read up to, with the full list on tap', async () => {
    const cat = await newPerson(browser, server.url, 'Cat Quiet');
    await signUp(cat);
    await makeContacts(server.url, ann, bob, cat);
    const annSdk = await sdkSession(server.url, ann);
    await annSdk.updateSettings({ readReceipts: true });
    const { room } = await annSdk.createGroup('Readers', [bob.phone, cat.phone]);
    const first = await annSdk.send(room, 'First news');
    await annSdk.send(room, 'Second news');
    const catSdk = await sdkSession(server.url, cat);
    await catSdk.markRead(room, first.seq);
    await ann.page.reload();
    await openChat(ann.page, 'Readers');
    const readers = ann.page.getByRole('button', { name: 'Read by Cat Quiet' });
    await readers.waitFor();
    // Cat's avatar sits under the first message, not the second.
    const afterFirst = ann.page.locator('.message-items > li').filter({ hasText: 'First news' }).locator('xpath=following-sibling::li[1]');
    expect(await afterFirst.getAttribute('class')).toBe('readers');
    await readers.click();
    expect(await ann.page.getByRole('list', { name: 'Read by' }).textContent()).toBe('Cat Quiet');
    annSdk.close();
    catSdk.close();
  });
});
