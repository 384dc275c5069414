import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserMissing, launchBrowser, newPerson, type Person } from './support/browser.js';
import { startTestServer, type TestServer } from './support/server.js';
import { messageIn, openChat, openPrivateChat, send, signUp } from './support/steps.js';

describe.skipIf(browserMissing)('web app: the server restarts mid-chat', () => {
  let server: TestServer;
  let browser: Browser;
  let gus: Person;
  let hal: Person;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    gus = await newPerson(browser, server.url, 'Gus Grant');
    hal = await newPerson(browser, server.url, 'Hal Hughes');
    await Promise.all([signUp(gus), signUp(hal)]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows "Reconnecting…", keeps what was typed meanwhile, and recovers without a reload', async () => {
    await openPrivateChat(gus.page, hal);
    await send(gus.page, 'Before the restart');
    await openChat(hal.page, 'Gus Grant');
    await messageIn(hal.page, 'Before the restart').waitFor();

    await server.stop();
    for (const person of [gus, hal]) await person.page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor();

    // Written while the server is down: shown at once as pending, sent once it is back.
    const box = gus.page.getByRole('textbox', { name: 'Message' });
    await box.fill('Sent while the server was down');
    await box.press('Enter');
    const offline = messageIn(gus.page, 'Sent while the server was down');
    expect(await offline.getAttribute('data-status')).toBe('queued');

    await server.start();
    for (const person of [gus, hal]) {
      await expect.poll(() => person.page.getByRole('status').filter({ hasText: 'Reconnecting…' }).count(), { timeout: 20_000 }).toBe(0);
    }
    await expect.poll(() => offline.getAttribute('data-status'), { timeout: 20_000 }).toBe('sent');
    await messageIn(hal.page, 'Sent while the server was down').waitFor({ timeout: 20_000 });

    await send(hal.page, 'And after it');
    await messageIn(gus.page, 'And after it').waitFor();
    // Nothing doubled: each message once.
    expect(await messageIn(hal.page, 'Sent while the server was down').count()).toBe(1);
    expect(await messageIn(gus.page, 'Before the restart').count()).toBe(1);
    expect(gus.page.url()).toMatch(/\/chat\/private_room_\d+_\d+$/);
    for (const person of [gus, hal]) expect(person.errors).toEqual([]);
  }, 60_000);
});

if (browserMissing !== null) {
  const reason = browserMissing;
  describe('web app: the server restarts mid-chat', () => {
    it.skip(reason, () => {});
  });
}
