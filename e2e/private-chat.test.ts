import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import WebSocket from 'ws';
import { createClient, type WebSocketConstructor } from '@parley/client';
import { browserMissing, launchBrowser, newPerson, type Person } from './support/browser.js';
import { startTestServer, type TestServer } from './support/server.js';
import { messageIn, openChat, openPrivateChat, send, signUp } from './support/steps.js';

describe.skipIf(browserMissing)('web app: a private chat between two people', () => {
  let server: TestServer;
  let browser: Browser;
  let ann: Person;
  let bob: Person;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    ann = await newPerson(browser, server.url, 'Ann Archer');
    bob = await newPerson(browser, server.url, 'Bob Baker');
    await Promise.all([signUp(ann), signUp(bob)]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows the API validation errors beside the right field on sign-up', async () => {
    const eve = await newPerson(browser, server.url, 'Eve');
    const { page } = eve;
    await page.goto('/signup');
    await page.getByLabel('Name').fill('Eve');
    await page.getByLabel('Phone').fill('12ab');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Sign up' }).click();
    const phone = page.getByLabel('Phone');
    await expect.poll(() => phone.getAttribute('aria-invalid')).toBe('true');
    const phoneError = page.locator(`#${await phone.getAttribute('aria-describedby')}`);
    expect(await phoneError.textContent()).toMatch(/digits/);
    const password = page.getByLabel('Password');
    expect(await page.locator(`#${await password.getAttribute('aria-describedby')}`).textContent()).toMatch(/at least 8/);
    expect(await page.getByLabel('Name').getAttribute('aria-invalid')).toBeNull();

    await phone.fill(ann.phone);
    await password.fill('long enough password');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect.poll(async () => page.locator(`#${await phone.getAttribute('aria-describedby')}`).textContent()).toMatch(/^Phone .*(registered|exists)/);
    await eve.context.close();
  });

  it('lets two people chat privately and see each other live', async () => {
    await openPrivateChat(ann.page, bob);
    await send(ann.page, 'Hi Bob, it is Ann');

    // Bob's list gets the new chat with an unread count, without a reload.
    const bobsItem = bob.page.getByRole('list', { name: 'Your chats' }).getByRole('button', { name: /^Ann Archer/ });
    await expect.poll(() => bobsItem.textContent()).toMatch(/1 unread/);
    await expect.poll(() => bobsItem.textContent()).toContain('Hi Bob, it is Ann');
    await openChat(bob.page, 'Ann Archer');
    await messageIn(bob.page, 'Hi Bob, it is Ann').waitFor();
    expect(await messageIn(bob.page, 'Hi Bob, it is Ann').getAttribute('class')).toContain('message-in');
    await expect.poll(() => bobsItem.textContent()).not.toMatch(/unread/);

    await send(bob.page, 'Hello Ann!\nTwo lines here.');
    await messageIn(ann.page, 'Hello Ann!\nTwo lines here.').waitFor();
    expect(await messageIn(ann.page, 'Hello Ann!\nTwo lines here.').getAttribute('class')).toContain('message-in');
    expect(await messageIn(ann.page, 'Hi Bob, it is Ann').getAttribute('class')).toContain('message-out');
  });

  it('makes Shift+Enter a new line and Enter send', async () => {
    const box = bob.page.getByRole('textbox', { name: 'Message' });
    await box.fill('first line');
    await box.press('Shift+Enter');
    await box.pressSequentially('second line');
    expect(await box.inputValue()).toBe('first line\nsecond line');
    await box.press('Enter');
    expect(await box.inputValue()).toBe('');
    await messageIn(ann.page, 'first line\nsecond line').waitFor();
  });

  it('shows online dots for people from presence', async () => {
    const header = ann.page.locator('.chat-header');
    await expect.poll(() => header.textContent()).toContain('online');
    await bob.page.close();
    await expect.poll(() => header.textContent(), { timeout: 10_000 }).toMatch(/· (offline|last seen)/);
    bob.page = await bob.context.newPage();
    await bob.page.goto('/');
    await expect.poll(() => header.textContent(), { timeout: 10_000 }).toMatch(/· online/);
  });

  it('keeps the session across a reload', async () => {
    await bob.page.reload();
    // What Bob read, and what he wrote himself, is not unread after the reload.
    const item = bob.page.getByRole('list', { name: 'Your chats' }).getByRole('button', { name: /^Ann Archer/ });
    await item.waitFor();
    expect(await item.textContent()).not.toMatch(/unread/);
    await openChat(bob.page, 'Ann Archer');
    await messageIn(bob.page, 'Hi Bob, it is Ann').waitFor();
    expect(await bob.page.evaluate(() => location.pathname)).toMatch(/^\/chat\/private_room_/);
  });

  it('shows script payloads as text and runs none of them', async () => {
    const payloads = [
      '<img src=x onerror=alert(1)>',
      '<script>alert("xss")</script>',
      '"><svg onload=alert(2)>',
      'javascript:alert(3)',
      '<a href="javascript:alert(4)">click me</a>',
      '{{constructor.constructor("alert(5)")()}}',
    ];
    for (const text of payloads) await send(ann.page, text);
    for (const text of payloads) await messageIn(bob.page, text).waitFor();
    const log = bob.page.getByRole('log', { name: 'Messages' });
    expect(await log.locator('img, script, svg:not([aria-hidden]), a:not(.message-time)').count()).toBe(0);
    // The only links are the app's own, to a message.
    for (const href of await log.locator('a.message-time').evaluateAll((links) => links.map((a) => a.getAttribute('href')))) expect(href).toMatch(/^\/chat\/private_room_\d+_\d+\/\d+$/);
    await bob.page.getByText('click me', { exact: false }).click();
    // The room list preview shows the last payload as text too.
    await bob.page.reload();
    await bob.page.getByRole('list', { name: 'Your chats' }).waitFor();
    await openChat(bob.page, 'Ann Archer');
    for (const text of payloads) await messageIn(bob.page, text).waitFor();
    expect(ann.dialogs).toEqual([]);
    expect(bob.dialogs).toEqual([]);
    expect(await bob.page.evaluate(() => (window as { xssRan?: boolean }).xssRan)).toBeUndefined();
  });

  it('loads older history when one scrolls up', async () => {
    // A second session of Ann's, through the SDK, writes a long history quickly.
    const sdk = createClient({ url: server.url, WebSocket: WebSocket as unknown as WebSocketConstructor });
    await sdk.signin({ phone: ann.phone, password: ann.password });
    await sdk.connect();
    const { room } = await sdk.openPrivate(bob.phone);
    for (let i = 1; i <= 130; i++) await sdk.send(room, `History line ${i}`);
    sdk.close();

    await bob.page.reload();
    await openChat(bob.page, 'Ann Archer');
    await messageIn(bob.page, 'History line 130').waitFor();
    const log = bob.page.getByRole('log', { name: 'Messages' });
    expect(await messageIn(bob.page, 'History line 1').count()).toBe(0);
    for (let i = 0; i < 10 && (await messageIn(bob.page, 'History line 1').count()) === 0; i++) {
      await log.evaluate((el) => el.scrollTo({ top: 0 }));
      await bob.page.waitForTimeout(300);
    }
    await messageIn(bob.page, 'History line 1').waitFor();
    await messageIn(bob.page, 'Hi Bob, it is Ann').waitFor();
    await log.getByText('This is the beginning of the conversation.').waitFor();
    // Each entry once, in order.
    const texts = await log.locator('.message-text').allTextContents();
    const lines = texts.filter((t) => t.startsWith('History line '));
    expect(lines).toEqual(Array.from({ length: 130 }, (_, i) => `History line ${i + 1}`));
  });

  it('signs out, clearing the stored session, and ends it in the other tabs too', async () => {
    const otherTab = await bob.context.newPage();
    await otherTab.goto('/');
    await otherTab.getByRole('list', { name: 'Your chats' }).waitFor();
    await bob.page.getByRole('button', { name: 'Sign out' }).click();
    // The same token in another tab: the server closes its socket, and the tab says why.
    await otherTab.getByText('Your session has ended. Please sign in again.').waitFor();
    await otherTab.close();
    await bob.page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await bob.page.evaluate(() => ({ ...localStorage }))).toEqual({});
    await bob.page.goto('/chat');
    await bob.page.getByRole('button', { name: 'Sign up' }).waitFor();

    await bob.page.getByRole('button', { name: 'Sign in' }).click();
    await bob.page.getByLabel('Phone').fill(bob.phone);
    await bob.page.getByLabel('Password').fill('wrong password!');
    await bob.page.getByRole('button', { name: 'Sign in' }).click();
    await bob.page.getByRole('alert').waitFor();
    await bob.page.getByLabel('Password').fill(bob.password);
    await bob.page.getByRole('button', { name: 'Sign in' }).click();
    await openChat(bob.page, 'Ann Archer');
    expect(ann.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  });
});

if (browserMissing !== null) {
  const reason = browserMissing;
  describe('web app: a private chat between two people', () => {
    it.skip(reason, () => {});
  });
}
