import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserMissing, launchBrowser, newPerson, type Person } from './support/browser.js';
import { sdkSession, writeMany } from './support/sdk.js';
import { startTestServer, type TestServer } from './support/server.js';
import { signUp } from './support/steps.js';

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
});
