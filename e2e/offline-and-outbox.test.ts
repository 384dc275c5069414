import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserMissing, launchBrowser, launchPersistentPerson, newPerson, newTab, uniquePhone, type Person } from './support/browser.js';
import { startTestServer, type TestServer } from './support/server.js';
import { messageIn, openChat, openPrivateChat, send, signUp } from './support/steps.js';

// A short server heartbeat: a socket gone silent is dropped within two intervals, and only then
// can the others be told that its owner is offline (nothing leaves a browser that is offline).
const heartbeatMs = 1000;

const banner = (page: Page) => page.getByRole('status').filter({ hasText: /offline|Reconnecting/ });

/** Waits until the service worker controls the page, so that the app opens without the server. */
async function shellInstalled(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // It claims the open pages as soon as it is active.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

describe.skipIf(browserMissing)('web app: offline, and messages that wait', () => {
  let server: TestServer;
  let browser: Browser;
  let ann: Person;
  let bob: Person;
  const profiles: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer({ limits: { heartbeatMs } }), launchBrowser()]);
    ann = await newPerson(browser, server.url, 'Ann Offline');
    bob = await newPerson(browser, server.url, 'Bob Online');
    await Promise.all([signUp(ann), signUp(bob)]);
    await openPrivateChat(ann.page, bob);
    await send(ann.page, 'Hello before anything breaks');
    await openChat(bob.page, ann.name);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
  });

  it('notices a silent drop within 2 s, says so above the chat, and the others see the person go offline', async () => {
    const header = ann.page.locator('.chat-header');
    await expect.poll(() => header.textContent()).toMatch(/· online/);
    await expect.poll(() => bob.page.locator('.chat-header').textContent()).toMatch(/· online/);

    const started = Date.now();
    await ann.context.setOffline(true);
    await banner(ann.page).filter({ hasText: 'You are offline' }).waitFor({ timeout: 2000 });
    expect(Date.now() - started).toBeLessThan(2000);
    // The bar sits above the app, not over the chat header, and the header claims no presence.
    const bar = await banner(ann.page).boundingBox();
    const top = await header.boundingBox();
    expect(bar && top && bar.y + bar.height <= top.y + 0.5).toBe(true);
    expect(await header.textContent()).not.toMatch(/· online/);
    expect(await header.textContent()).toMatch(/unknown while you are offline/);

    // The server drops the silent socket within two heartbeats; Bob is told at once.
    await expect.poll(() => bob.page.locator('.chat-header').textContent(), { timeout: 2 * heartbeatMs + 3000 }).toMatch(/· (offline|last seen)/);
    const seenOffline = Date.now() - started;
    expect(seenOffline).toBeLessThan(2 * heartbeatMs + 3000);

    await ann.context.setOffline(false);
    await expect.poll(() => banner(ann.page).count(), { timeout: 5000 }).toBe(0);
    await expect.poll(() => bob.page.locator('.chat-header').textContent(), { timeout: 5000 }).toMatch(/· online/);
  });

  it('shows a message written offline as waiting, then sending, then sent, each look its own', async () => {
    await ann.context.setOffline(true);
    await banner(ann.page).filter({ hasText: 'You are offline' }).waitFor();
    const box = ann.page.getByRole('textbox', { name: 'Message' });
    await box.fill('Written on the train');
    await box.press('Enter');
    const bubble = messageIn(ann.page, 'Written on the train');
    expect(await bubble.getAttribute('data-status')).toBe('queued');
    expect(await bubble.textContent()).toContain('Waiting for connection');
    await banner(ann.page).filter({ hasText: '1 message waits to be sent' }).waitFor();
    const queuedLook = await bubble.locator('.bubble').evaluate((el) => getComputedStyle(el).borderStyle);
    expect(queuedLook).toBe('dashed');

    await ann.context.setOffline(false);
    await expect.poll(() => bubble.getAttribute('data-status'), { timeout: 10_000 }).toBe('sent');
    const sentLook = await bubble.locator('.bubble').evaluate((el) => getComputedStyle(el).borderStyle);
    expect(sentLook).not.toBe('dashed');
    await messageIn(bob.page, 'Written on the train').waitFor();
    expect(await messageIn(bob.page, 'Written on the train').count()).toBe(1);
  });

  it('shows a message the server refuses as not sent, with the reason, Retry and Discard', async () => {
    const box = ann.page.getByRole('textbox', { name: 'Message' });
    // Text that is not valid Unicode (a lone surrogate, as a broken paste can make) is refused for good.
    await box.evaluate((el: HTMLTextAreaElement) => {
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
      setter.call(el, 'broken \ud800 paste');
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await box.press('Enter');
    const failed = ann.page.locator('li.message[data-status="failed"]');
    await failed.waitFor();
    expect(await failed.getByRole('alert').textContent()).toMatch(/Not sent: .*Unicode/);
    await failed.getByRole('button', { name: 'Retry' }).click();
    await failed.waitFor();
    await failed.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => failed.count()).toBe(0);
    // Gone from the outbox for good: not back after a reload.
    await ann.page.reload();
    await messageIn(ann.page, 'Written on the train').waitFor();
    expect(await failed.count()).toBe(0);
  });

  it('keeps a message written while the server is down through closing and reopening the tab, and delivers it once', async () => {
    await shellInstalled(ann.page);
    await send(ann.page, 'Last one before the outage');
    await ann.page.waitForTimeout(1200); // the chat list kept for offline use is written a second after a change
    const chatPath = new URL(ann.page.url()).pathname;
    await server.stop();
    await banner(ann.page).filter({ hasText: 'Reconnecting' }).waitFor();
    const box = ann.page.getByRole('textbox', { name: 'Message' });
    await box.fill('Sent while the server was away');
    await box.press('Enter');
    expect(await messageIn(ann.page, 'Sent while the server was away').getAttribute('data-status')).toBe('queued');

    // Leaving asks first (the beforeunload prompt); then the tab goes anyway.
    await ann.page.close({ runBeforeUnload: true });
    await expect.poll(() => ann.dialogs.some((d) => d.startsWith('beforeunload'))).toBe(true);
    await ann.page.close();

    // A new tab, the server still down: the service worker opens the app, and the message is there.
    await newTab(ann);
    await ann.page.goto(chatPath);
    const waiting = messageIn(ann.page, 'Sent while the server was away');
    await waiting.waitFor();
    expect(await waiting.getAttribute('data-status')).toBe('queued');
    await messageIn(ann.page, 'Last one before the outage').waitFor();

    await server.start();
    await expect.poll(() => waiting.getAttribute('data-status'), { timeout: 20_000 }).toBe('sent');
    await messageIn(bob.page, 'Sent while the server was away').waitFor({ timeout: 20_000 });
    await bob.page.reload();
    await messageIn(bob.page, 'Sent while the server was away').waitFor();
    expect(await messageIn(bob.page, 'Sent while the server was away').count()).toBe(1);
  }, 60_000);

  it('keeps it through a restart of the browser, too, and sends it once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-profile-'));
    profiles.push(dir);
    let cy = await launchPersistentPerson(dir, server.url, 'Cy Restart', uniquePhone());
    await signUp(cy);
    await openPrivateChat(cy.page, bob);
    await send(cy.page, 'Cy is here');
    await shellInstalled(cy.page);
    await cy.page.waitForTimeout(1200);
    const chatPath = new URL(cy.page.url()).pathname;

    await server.stop();
    const box = cy.page.getByRole('textbox', { name: 'Message' });
    await box.fill('Survives a browser restart');
    await box.press('Enter');
    expect(await messageIn(cy.page, 'Survives a browser restart').getAttribute('data-status')).toBe('queued');
    await cy.context.close();

    await server.start();
    cy = await launchPersistentPerson(dir, server.url, cy.name, cy.phone);
    try {
      await cy.page.goto(chatPath);
      await expect.poll(() => messageIn(cy.page, 'Survives a browser restart').getAttribute('data-status'), { timeout: 20_000 }).toBe('sent');
      await openChat(bob.page, cy.name);
      await messageIn(bob.page, 'Survives a browser restart').waitFor();
      expect(await messageIn(bob.page, 'Survives a browser restart').count()).toBe(1);
      expect(cy.errors).toEqual([]);
    } finally {
      await cy.context.close();
    }
    expect(ann.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  }, 60_000);
});

if (browserMissing !== null) {
  const reason = browserMissing;
  describe('web app: offline, and messages that wait', () => {
    it.skip(reason, () => {});
  });
}
