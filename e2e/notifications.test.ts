import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserMissing, launchBrowser, newPerson, type Person } from './support/browser.js';
import { sdkSession } from './support/sdk.js';
import { startTestServer, type TestServer } from './support/server.js';
import { messageIn, openChat, openPrivateChat, signUp } from './support/steps.js';

/**
 * Records every notification the page shows (the browser's own Notification, wrapped), and lets
 * the test say the tab is hidden: headless Chromium has no other tab to hide it behind.
 */
// A string, not a function: the test's compiler would add helpers the page does not have.
const recordNotifications = `
  const shown = [];
  const Real = window.Notification;
  class Recorded extends Real {
    constructor(title, options) {
      super(title, options);
      shown.push({ title, body: options && options.body, notification: this });
    }
  }
  Object.defineProperty(window, 'Notification', { value: Recorded, configurable: true });
  window.shownNotifications = shown;
  let hidden = false;
  Object.defineProperty(document, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible'), configurable: true });
  window.setHidden = (value) => {
    hidden = value;
    document.dispatchEvent(new Event('visibilitychange'));
  };
`;
describe.skipIf(browserMissing)('web app: notifications and the unread badge', () => {
  let server: TestServer;
  let browser: Browser;
  let ann: Person;
  let bob: Person;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    ann = await newPerson(browser, server.url, 'Ann Notified');
    bob = await newPerson(browser, server.url, 'Bob Writer');
    await ann.context.grantPermissions(['notifications'], { origin: server.url });
    await ann.context.addInitScript({ content: recordNotifications });
    await Promise.all([signUp(ann), signUp(bob)]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const shown = () => ann.page.evaluate(() => (window as unknown as { shownNotifications: { title: string; body?: string }[] }).shownNotifications.map((n) => ({ title: n.title, body: n.body })));

  it('shows a private message as a text notification while the tab is hidden, and opens the chat on click', async () => {
    await openPrivateChat(bob.page, ann);
    const bobSdk = await sdkSession(server.url, bob);
    const { room } = await bobSdk.openPrivate(ann.phone);
    await bobSdk.send(room, 'Hello there');
    await openChat(ann.page, 'Bob Writer');
    // Back to the list (the same page, still connected), in a hidden tab.
    await ann.page.goBack();
    await expect.poll(() => ann.page.url()).toMatch(/\/chat$/);
    await ann.page.evaluate(() => (window as unknown as { setHidden: (h: boolean) => void }).setHidden(true));
    await bobSdk.send(room, '<b>Not bold</b> at all');
    await expect.poll(shown).toEqual([{ title: 'Bob Writer', body: '<b>Not bold</b> at all' }]);
    // The tab's title and icon count the unread message.
    await expect.poll(() => ann.page.title()).toBe('(1) Parley');
    expect(await ann.page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/^data:image\/svg\+xml,/);

    await ann.page.evaluate(() => {
      const list = (window as unknown as { shownNotifications: { notification: Notification }[] }).shownNotifications;
      list[0]!.notification.dispatchEvent(new Event('click'));
    });
    await expect.poll(() => ann.page.url()).toMatch(/\/chat\/private_room_/);
    bobSdk.close();
  });

  it('stays quiet for a chat set to nothing, and while the tab is visible', async () => {
    const before = (await shown()).length;
    await ann.page.getByRole('combobox', { name: 'Notifications for this chat' }).selectOption('none');
    const bobSdk = await sdkSession(server.url, bob);
    const { room } = await bobSdk.openPrivate(ann.phone);
    await ann.page.evaluate(() => (window as unknown as { setHidden: (h: boolean) => void }).setHidden(true));
    await bobSdk.send(room, 'muted');
    await messageIn(ann.page, 'muted').waitFor();
    await ann.page.evaluate(() => (window as unknown as { setHidden: (h: boolean) => void }).setHidden(false));
    await ann.page.getByRole('combobox', { name: 'Notifications for this chat' }).selectOption('all');
    await bobSdk.send(room, 'seen live');
    await messageIn(ann.page, 'seen live').waitFor();
    expect((await shown()).length).toBe(before);
    bobSdk.close();
  });

  it('keeps a chat’s level on every device: set on one, the other follows at once and after a reload', async () => {
    const laptop = await newPerson(browser, server.url, ann.name);
    await laptop.page.goto('/signin');
    await laptop.page.getByLabel('Phone').fill(ann.phone);
    await laptop.page.getByLabel('Password').fill(ann.password);
    await laptop.page.getByRole('button', { name: 'Sign in' }).click();
    await openChat(laptop.page, bob.name);
    const select = (person: Person) => person.page.getByRole('combobox', { name: 'Notifications for this chat' });
    await select(ann).selectOption('mentions');
    await expect.poll(() => select(laptop).inputValue()).toBe('mentions');
    await select(laptop).selectOption('none');
    await expect.poll(() => select(ann).inputValue()).toBe('none');
    await ann.page.reload();
    await expect.poll(() => select(ann).inputValue()).toBe('none');
    await laptop.context.close();
  });
});
