import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserMissing, launchBrowser, newPerson, type Person } from './support/browser.js';
import { startTestServer, type TestServer } from './support/server.js';
import { messageIn, openChat, openPrivateChat, send, signUp } from './support/steps.js';

describe.skipIf(browserMissing)('web app: the typing indicator between two browsers', () => {
  let server: TestServer;
  let browser: Browser;
  let ann: Person;
  let bob: Person;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    ann = await newPerson(browser, server.url, 'Ann Typist');
    bob = await newPerson(browser, server.url, 'Bob Reader');
    await Promise.all([signUp(ann), signUp(bob)]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows "Ann is typing…" in the chat and in the chat list while Ann writes, and clears it when she sends', async () => {
    await openPrivateChat(ann.page, bob);
    await send(ann.page, 'Hello Bob');
    await openChat(bob.page, 'Ann Typist');
    await messageIn(bob.page, 'Hello Bob').waitFor();

    await ann.page.getByRole('textbox', { name: 'Message' }).pressSequentially('Are you');
    const line = bob.page.locator('.typing-line');
    await expect.poll(() => line.textContent()).toBe('Ann Typist is typing…');
    const item = bob.page.getByRole('list', { name: 'Your chats' }).getByRole('button', { name: /^Ann Typist/ });
    await expect.poll(() => item.textContent()).toContain('Ann Typist is typing…');

    await ann.page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await messageIn(bob.page, 'Are you').waitFor();
    await expect.poll(() => line.textContent()).toBe('');
    await expect.poll(() => item.textContent()).not.toContain('typing');
  });
});
