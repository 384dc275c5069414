import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserMissing, launchBrowser, newPerson, type Person } from './support/browser.js';
import { sdkSession, writeMany } from './support/sdk.js';
import { startTestServer, type TestServer } from './support/server.js';
import { signUp } from './support/steps.js';
import { seriousViolations } from './support/axe.js';

describe.skipIf(browserMissing)('web app: message search', () => {
  let server: TestServer;
  let browser: Browser;
  let gus: Person;
  let hal: Person;
  let room: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    gus = await newPerson(browser, server.url, 'Gus Finder');
    hal = await newPerson(browser, server.url, 'Hal Writer');
    await Promise.all([signUp(gus), signUp(hal)]);
    const sdk = await sdkSession(server.url, hal);
    room = await writeMany(sdk, gus, 'Filler line', 40);
    await sdk.send(room, 'The treasure is under the old oak');
    await writeMany(sdk, gus, 'Later line', 40);
    sdk.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('finds a message by a word in it and opens the chat at that message, highlighted', async () => {
    const { page } = gus;
    await page.getByRole('searchbox', { name: 'Search' }).fill('treasure');
    const found = page.getByRole('list', { name: 'Messages found' }).getByRole('button');
    await expect.poll(() => found.count()).toBe(1);
    expect(await found.locator('mark').textContent()).toBe('treasure');
    await found.click();
    expect(decodeURIComponent(new URL(page.url()).pathname)).toMatch(new RegExp(`^/chat/${room.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\d+$`));
    const target = page.locator('li.message.is-target');
    await expect.poll(() => target.locator('.message-text').textContent()).toBe('The treasure is under the old oak');
  });

  it('searches within the open chat from its header and opens the result with history around it, both ways', async () => {
    const { page } = gus;
    // Newer messages than a page holds, and the chat at its newest: the result is outside what is shown.
    const sdk = await sdkSession(server.url, hal);
    for (let i = 1; i <= 60; i++) await sdk.send(room, `Newest line ${i}`);
    sdk.close();
    const texts = page.locator('li.message .message-text');
    await page.getByRole('button', { name: /^Jump to the latest messages/ }).click();
    await expect.poll(async () => (await texts.allTextContents()).includes('Newest line 60')).toBe(true);
    expect(await texts.allTextContents()).not.toContain('The treasure is under the old oak');
    await page.getByRole('button', { name: 'Search in chat', exact: true }).click();
    const box = page.getByRole('searchbox', { name: 'Search in this chat', exact: true });
    await box.fill('oak from:me');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'No messages found.' }).count()).toBe(1);
    await box.fill('under the');
    const found = page.getByRole('list', { name: 'Messages found in this chat' }).getByRole('button');
    await expect.poll(() => found.count()).toBe(1);
    expect(await found.locator('mark').allTextContents()).toEqual(['The', 'under', 'the']);
    expect(await seriousViolations(page)).toEqual([]);
    await found.click();
    const target = page.locator('li.message.is-target');
    await expect.poll(() => target.locator('.message-text').textContent()).toBe('The treasure is under the old oak');
    // One page centred on it (GET …/messages?around=): half up to it, half after it, nothing newer.
    await expect.poll(async () => (await texts.allTextContents()).includes('Filler line 17')).toBe(true);
    const shown = await texts.allTextContents();
    expect(shown).toContain('Later line 25');
    expect(shown).not.toContain('Later line 26');
    expect(shown).not.toContain('Newest line 60');
    // Scrolling down from there loads the newer messages.
    await page.getByRole('log', { name: 'Messages' }).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect.poll(async () => (await texts.allTextContents()).includes('Later line 26')).toBe(true);
  });
});
