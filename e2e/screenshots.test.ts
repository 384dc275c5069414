import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserMissing, desktop, launchBrowser, newPerson, phone, type Person } from './support/browser.js';
import { makeContacts } from './support/sdk.js';
import { startTestServer, type TestServer } from './support/server.js';
import { messageIn, openChat, openPrivateChat, send, signUp } from './support/steps.js';

// The README's pictures are refreshed on request (PARLEY_UPDATE_SCREENSHOTS=1 npx vitest run
// e2e/screenshots.test.ts); an ordinary test run writes them aside, leaving the tree as it was.
const outDir = process.env.PARLEY_UPDATE_SCREENSHOTS
  ? resolve(dirname(fileURLToPath(import.meta.url)), '../docs/screenshots')
  : join(tmpdir(), 'parley-screenshots');

/** Saves the page at desktop and phone width, light and dark, as <outDir>/<name>-{desktop,phone}[-dark].png. */
async function shoot(page: Page, name: string, prepare?: () => Promise<void>): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    for (const [suffix, size] of [['desktop', desktop], ['phone', phone]] as const) {
      await page.setViewportSize(size);
      await prepare?.();
      // Let layout and the time labels settle after the resize.
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(outDir, `${name}-${suffix}${scheme === 'dark' ? '-dark' : ''}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(desktop);
}

describe.skipIf(browserMissing)('web app: screenshots of each page', () => {
  let server: TestServer;
  let browser: Browser;
  let ivy: Person;
  let jon: Person;
  let kim: Person;

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    ivy = await newPerson(browser, server.url, 'Ivy Ito');
    jon = await newPerson(browser, server.url, 'Jon Jensen');
    kim = await newPerson(browser, server.url, 'Kim Kowalski');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('captures the welcome, sign-up and sign-in pages', async () => {
    const { page } = ivy;
    await page.goto('/');
    await shoot(page, 'welcome');
    await page.goto('/signup');
    await page.getByLabel('Name').fill('Ivy Ito');
    await page.getByLabel('Phone').fill('12-34');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.locator('.field-error').first().waitFor();
    await shoot(page, 'sign-up');
    await page.goto('/signin');
    await shoot(page, 'sign-in');
  });

  it('captures the chat page with a group, a room and private chats', async () => {
    await Promise.all([signUp(ivy), signUp(jon), signUp(kim)]);
    // They know each other (a stranger would be invited, not added: see invitations.test.ts).
    await makeContacts(server.url, ivy, jon, kim);
    const { page } = ivy;
    await page.getByRole('button', { name: 'New room' }).click();
    const roomDialog = page.getByRole('dialog', { name: 'New room' });
    await roomDialog.getByLabel('Room name').fill('Announcements');
    await roomDialog.getByLabel('Description').fill('News for everyone');
    await roomDialog.getByRole('button', { name: 'Create room' }).click();
    await send(page, 'The office is closed on Friday.');

    await openPrivateChat(page, kim);
    await send(page, 'Are you coming on Saturday?');

    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill('Weekend hike');
    for (const person of [jon, kim]) {
      await dialog.getByLabel('Add people').fill(person.phone);
      await dialog.getByRole('button', { name: new RegExp(`^Add ${person.name}`) }).click();
    }
    await shoot(page, 'new-group');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('heading', { level: 2, name: 'Weekend hike' }).waitFor();

    await send(page, 'Who is in for the ridge trail on Saturday?');
    await openChat(jon.page, 'Weekend hike');
    await send(jon.page, 'Me! What time do we leave?');
    await openChat(kim.page, 'Weekend hike');
    await send(kim.page, 'Count me in.\nI can drive two people.');
    // The message actions at work: Markdown, a mention, a reply with its quote, a reaction, an edit.
    const containing = (p: Page, text: string) => p.getByRole('log', { name: 'Messages' }).locator('li.message').filter({ has: p.locator('.message-text', { hasText: text }) });
    const plan = (p: Page) => containing(p, 'at the station');
    const ivysLine = page.getByRole('textbox', { name: 'Message' });
    await ivysLine.fill('**8:00** at the station. Bring water and a _warm_ jacket — it gets windy up there. 🥾⛰️');
    await ivysLine.press('Enter');
    await plan(page).and(page.locator('[data-status="sent"]')).waitFor();
    await plan(jon.page).hover();
    await plan(jon.page).getByRole('button', { name: 'Reply' }).click();
    await send(jon.page, 'Perfect, see you there 👍');
    await plan(kim.page).hover();
    await plan(kim.page).getByRole('button', { name: 'React', exact: true }).click();
    await plan(kim.page).getByRole('button', { name: 'React with 🎉' }).click();
    const kimsLine = kim.page.getByRole('textbox', { name: 'Message' });
    await kimsLine.focus();
    await kimsLine.press('ArrowUp');
    await kimsLine.fill('Count me in.\nI can drive three people.');
    await kimsLine.press('Enter');
    await messageIn(page, 'Perfect, see you there 👍').locator('.message-quote').waitFor();
    await plan(page).locator('.reaction-chip').waitFor();
    await containing(page, 'drive three people').locator('.message-edited').waitFor();
    await page.mouse.move(0, 0);
    await shoot(page, 'chat');
    await page.getByRole('button', { name: 'Members' }).click();
    await page.screenshot({ path: join(outDir, 'chat-members-desktop.png') });
    await page.setViewportSize(phone);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(outDir, 'chat-members-phone.png') });
    await page.setViewportSize(desktop);
    await page.getByRole('button', { name: 'Members' }).click();

    // Something unread for the list.
    await openChat(kim.page, ivy.name);
    await send(kim.page, 'Yes! I will bring snacks.');
    const kimsItem = page.getByRole('list', { name: 'Your chats' }).getByRole('button', { name: /^Kim Kowalski/ });
    await kimsItem.and(page.getByRole('button', { name: /1 unread/ })).waitFor();

    // On a phone the list and the chat are one screen each.
    await page.setViewportSize(phone);
    await page.getByRole('button', { name: 'Back to chats' }).click();
    await page.getByRole('list', { name: 'Your chats' }).waitFor();
    await page.screenshot({ path: join(outDir, 'chat-list-phone.png') });
    await page.setViewportSize(desktop);

    await page.getByRole('searchbox', { name: 'Search' }).fill('k');
    await page.getByRole('list', { name: 'People found' }).waitFor();
    await page.getByRole('list', { name: 'Rooms found' }).waitFor();
    await shoot(page, 'search');
    await page.getByRole('searchbox', { name: 'Search' }).fill('');

    // Offline with a message waiting, and one the server refused.
    await openChat(page, 'Weekend hike');
    await ivy.context.setOffline(true);
    await page.getByRole('status').filter({ hasText: 'You are offline' }).waitFor();
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Sending this once the train is out of the tunnel');
    await box.press('Enter');
    await box.fill('And a draft, kept per chat');
    await shoot(page, 'offline');
    await ivy.context.setOffline(false);
    await messageIn(page, 'Sending this once the train is out of the tunnel').and(page.locator('[data-status="sent"]')).waitFor({ timeout: 15_000 });

    // Unread messages under the divider.
    await openPrivateChat(page, jon);
    await send(page, 'Jon, still on for Saturday?');
    await openChat(page, kim.name);
    await openChat(jon.page, ivy.name);
    for (const text of ['Yes! Did you see the forecast?', 'Rain until noon 🌧️', 'Maybe we start at 10 instead?']) await send(jon.page, text);
    await openChat(page, jon.name);
    await page.getByRole('separator', { name: 'New messages' }).waitFor();
    await shoot(page, 'new-messages');
  }, 90_000);
});

if (browserMissing !== null) {
  const reason = browserMissing;
  describe('web app: screenshots of each page', () => {
    it.skip(reason, () => {});
  });
}
