import type { Page } from 'playwright-core';
import type { Person } from './browser.js';

/** Signs up through the welcome and sign-up pages; lands in the chat. */
export async function signUp(person: Person): Promise<void> {
  const { page } = person;
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Phone').fill(person.phone);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('searchbox', { name: 'Search' }).waitFor();
  await page.getByText(person.name, { exact: true }).first().waitFor();
}

/** Finds someone by their whole number (as one finds a stranger) and opens the private chat with them. */
export async function openPrivateChat(page: Page, other: Person): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search' }).fill(other.phone);
  await page.getByRole('button', { name: new RegExp(`^Chat with ${escape(other.name)}`) }).click();
  await page.getByRole('heading', { level: 2, name: other.name }).waitFor();
}

/** Opens a chat from the list by its title. */
export async function openChat(page: Page, title: string): Promise<void> {
  const search = page.getByRole('searchbox', { name: 'Search' });
  if ((await search.count()) > 0 && (await search.inputValue()) !== '') await search.fill('');
  await page.getByRole('list', { name: 'Your chats' }).getByRole('button', { name: new RegExp(`^${escape(title)}`) }).click();
  await page.getByRole('heading', { level: 2, name: title }).waitFor();
}

/** Types a message and presses Enter; waits until the server acknowledged it. */
export async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await messageIn(page, text).and(page.locator('[data-status="sent"]')).waitFor();
}

/** The bubble holding exactly this text in the open chat. */
export function messageIn(page: Page, text: string) {
  return page.getByRole('log', { name: 'Messages' }).locator('li.message').filter({ has: page.locator('.message-text', { hasText: exactText(text) }) });
}

export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function exactText(text: string): RegExp {
  return new RegExp(`^${escape(text)}$`);
}

/** Presses Tab until the focused control's name matches; the way a keyboard user gets there. */
export async function tabTo(page: Page, name: RegExp, maxPresses = 40): Promise<void> {
  for (let i = 0; i <= maxPresses; i++) {
    // Already there (the page put the focus on it) counts too.
    if (i > 0) await page.keyboard.press('Tab');
    if (name.test(await focusedName(page))) return;
  }
  throw new Error(`Tab never reached a control named ${name}`);
}

/** Matches a stored phone (digits) as the app shows it, formatted or not ("+44 20 7946 0101"). */
export function phonePattern(digits: string): string {
  return `\\+?${digits.split('').join('[\\s-]?')}`;
}

/** The accessible name of the focused control, roughly: aria-label, its label, or its text. */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    // The text a screen reader would use: without what is hidden from it (avatars, icons).
    const copy = el.cloneNode(true) as HTMLElement;
    for (const hidden of Array.from(copy.querySelectorAll('[aria-hidden="true"]'))) hidden.remove();
    return el.getAttribute('aria-label') ?? labelled ?? copy.textContent ?? '';
  });
}
