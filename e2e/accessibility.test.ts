import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './support/axe.js';
import { browserMissing, desktop, launchBrowser, newPerson, phone, type Person } from './support/browser.js';
import { makeContacts } from './support/sdk.js';
import { startTestServer, type TestServer } from './support/server.js';
import { focusedName, messageIn, openChat, openPrivateChat, send, signUp } from './support/steps.js';

/** axe-core in light and dark, at desktop and phone width: every serious or critical finding, named. */
async function audit(page: Page, where: string, found: string[], widths: ('desktop' | 'phone')[] = ['desktop', 'phone']): Promise<void> {
  for (const width of widths) {
    await page.setViewportSize(width === 'desktop' ? desktop : phone);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await page.waitForTimeout(100);
      for (const v of await seriousViolations(page)) found.push(`${where} (${width}, ${colorScheme}): ${v}`);
    }
  }
  await page.setViewportSize(desktop);
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Contrast ratio of two CSS colours as the browser resolves them (rgb/rgba over white). */
function contrast(page: Page, a: string, b: string): Promise<number> {
  return page.evaluate(
    ([x, y]) => {
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = (c: string) => {
        const [r = 0, g = 0, b = 0] = rgb(c).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const [l1, l2] = [lum(x), lum(y)].sort((p, q) => q - p) as [number, number];
      return (l1 + 0.05) / (l2 + 0.05);
    },
    [a, b] as const,
  );
}

describe.skipIf(browserMissing)('web app: accessibility', () => {
  let server: TestServer;
  let browser: Browser;
  let gia: Person;
  let hal: Person;
  let ida: Person;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    gia = await newPerson(browser, server.url, 'Gia Access');
    hal = await newPerson(browser, server.url, 'Hal Reader');
    ida = await newPerson(browser, server.url, 'Ida Keys');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('has no serious or critical axe-core violations on any page or dialog, light or dark, desktop or phone', async () => {
    const found: string[] = [];
    const { page } = gia;
    await page.goto('/');
    await audit(page, 'welcome', found);
    await page.goto('/signup');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.locator('.field-error').first().waitFor();
    await audit(page, 'sign-up with errors', found);
    await page.goto('/signin');
    await audit(page, 'sign-in', found);

    await Promise.all([signUp(gia), signUp(hal), signUp(ida)]);
    // They know each other (a stranger would be invited, not added: see invitations.test.ts).
    await makeContacts(server.url, gia, hal, ida);
    await audit(page, 'empty chat list', found);
    await openPrivateChat(page, hal);
    await send(page, 'Hello Hal');
    await openChat(hal.page, gia.name);
    await send(hal.page, 'Hi Gia, one');
    await send(hal.page, 'and two');
    await messageIn(page, 'and two').waitFor();
    await audit(page, 'private chat', found);

    await page.getByRole('button', { name: 'New group' }).click();
    const group = page.getByRole('dialog', { name: 'New group' });
    await group.getByLabel('Group name').fill('Readers');
    for (const person of [hal, ida]) {
      await group.getByLabel('Add people').fill(person.name.split(' ')[0]!);
      await group.getByRole('button', { name: new RegExp(`^Add ${person.name}`) }).click();
    }
    await audit(page, 'new group dialog', found);
    await group.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('heading', { level: 2, name: 'Readers' }).waitFor();
    await send(page, 'Welcome, readers');
    await page.getByRole('button', { name: 'Members' }).click();
    await audit(page, 'group with members', found, ['desktop']);
    await page.getByRole('button', { name: 'Members' }).click();
    for (const [button, dialog] of [
      ['Add people', 'Add people to Readers'],
      ['Leave', 'Leave Readers?'],
      ['Delete', 'Delete Readers?'],
      ['Appearance', 'Appearance'],
    ] as const) {
      await page.getByRole('button', { name: button, exact: true }).click();
      await page.getByRole('dialog', { name: dialog }).waitFor();
      await audit(page, `${dialog} dialog`, found, ['desktop']);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: dialog }).waitFor({ state: 'hidden' });
    }
    await page.getByRole('button', { name: 'New room' }).click();
    await audit(page, 'new room dialog', found, ['desktop']);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^Status:/ }).click();
    await page.getByRole('dialog', { name: 'Your status' }).waitFor();
    await audit(page, 'status dialog', found, ['desktop']);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Your status' }).waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'People', exact: true }).click();
    await page.locator('.people-view').waitFor();
    await audit(page, 'people view', found);
    // Back to the chat the People view replaced.
    await page.goBack();
    await page.getByRole('textbox', { name: 'Message' }).waitFor();

    // Names are searched among the people one shares a chat with (Hal, here).
    await page.getByRole('searchbox', { name: 'Search' }).fill('Rea');
    await page.getByRole('list', { name: 'People found' }).waitFor();
    await audit(page, 'search results', found);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');

    // Offline, with a message waiting, and the sign-out question it brings.
    await gia.context.setOffline(true);
    await page.getByRole('status').filter({ hasText: 'You are offline' }).waitFor();
    await page.getByRole('textbox', { name: 'Message' }).fill('waiting for the network');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await audit(page, 'offline with a queued message', found);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('dialog', { name: 'Sign out with unsent messages?' }).waitFor();
    await audit(page, 'sign-out with unsent messages dialog', found, ['desktop']);
    await page.keyboard.press('Escape');
    await gia.context.setOffline(false);

    // The members panel on a phone.
    await page.setViewportSize(phone);
    await page.getByRole('button', { name: 'Members' }).click();
    await page.getByRole('dialog', { name: 'Members' }).waitFor();
    await audit(page, 'members on a phone', found, ['phone']);
    await page.keyboard.press('Escape');
    await page.setViewportSize(desktop);
    expect(found).toEqual([]);
  }, 120_000);

  it('returns focus to what opened a dialog, and never leaves it on <body> after a page change', async () => {
    const { page } = gia;
    const opener = page.getByRole('button', { name: 'New group' });
    await opener.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'New group' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedName(page)).toBe('New group');
    await page.getByRole('button', { name: 'Members' }).click();
    await page.getByRole('button', { name: 'Add people' }).click();
    await page.getByRole('dialog', { name: /^Add people/ }).getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => focusedName(page)).toBe('Add people');
    await page.getByRole('button', { name: 'Members' }).click();

    const guest = await newPerson(browser, server.url, 'Guest');
    await guest.page.goto('/');
    await guest.page.getByRole('button', { name: 'Sign in' }).click();
    await guest.page.getByRole('heading', { level: 1, name: 'Welcome back' }).waitFor();
    expect(await guest.page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await guest.page.getByRole('button', { name: 'Create an account' }).click();
    await expect.poll(() => guest.page.evaluate(() => document.activeElement?.textContent)).toBe('Create your account');
    await guest.context.close();

    // After a chat closes (Back on a phone), focus is on that chat in the list.
    await page.setViewportSize(phone);
    await page.getByRole('button', { name: 'Back to chats' }).click();
    await page.getByRole('list', { name: 'Your chats' }).waitFor({ state: 'visible' });
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.room ?? '')).not.toBe('');
    await page.setViewportSize(desktop);
  });

  it('draws a focus ring of at least 3:1 against what is behind it', async () => {
    const { page } = gia;
    const ringOfFocused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        let node: HTMLElement | null = el.parentElement;
        let bg = 'rgb(255, 255, 255)';
        while (node) {
          const c = getComputedStyle(node).backgroundColor;
          if (c && c !== 'transparent' && !c.endsWith(', 0)')) {
            bg = c;
            break;
          }
          node = node.parentElement;
        }
        return { name: el.getAttribute('aria-label') ?? el.textContent ?? '', style: style.outlineStyle, ring: style.outlineColor, behind: bg, width: parseFloat(style.outlineWidth) };
      });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      // Reached with the keyboard, as :focus-visible wants: the search box, then the button after it.
      await page.getByRole('searchbox', { name: 'Search' }).focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Shift+Tab');
      const rings = [await ringOfFocused()];
      await page.keyboard.press('Tab');
      rings.push(await ringOfFocused());
      expect(rings.map((r) => r.name)).toEqual(['Search', 'New group']);
      for (const ring of rings) {
        expect(ring.style, ring.name).not.toBe('none');
        expect(ring.width, ring.name).toBeGreaterThanOrEqual(2);
        expect(await contrast(page, ring.ring, ring.behind), `${ring.name} in ${scheme}`).toBeGreaterThanOrEqual(3);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('names the sender of every message for screen readers, and marks one’s own', async () => {
    const { page } = gia;
    await openChat(page, hal.name);
    const followOn = messageIn(page, 'and two');
    expect(await followOn.locator('.message-sender').count()).toBe(0);
    expect(await followOn.locator('.visually-hidden').first().textContent()).toBe(hal.name);
    expect(await messageIn(page, 'Hello Hal').locator('.visually-hidden').first().textContent()).toBe('You');
    const spoken = await page.getByRole('log', { name: 'Messages' }).evaluate((el) => el.textContent ?? '');
    expect(spoken).toContain(`${hal.name}: and two`);
    expect(spoken).toContain('You: Hello Hal');
    for (const person of [gia, hal, ida]) expect(person.errors).toEqual([]);
  });
});

if (browserMissing !== null) {
  const reason = browserMissing;
  describe('web app: accessibility', () => {
    it.skip(reason, () => {});
  });
}
