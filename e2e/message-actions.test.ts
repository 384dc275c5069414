import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserMissing, launchBrowser, newPerson, type Person } from './support/browser.js';
import { makeContacts } from './support/sdk.js';
import { startTestServer, type TestServer } from './support/server.js';
import { messageIn, openChat, send, signUp } from './support/steps.js';

describe.skipIf(browserMissing)('web app: message actions', () => {
  let server: TestServer;
  let browser: Browser;
  let ann: Person;
  let bob: Person;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    ann = await newPerson(browser, server.url, 'Ann Archer');
    bob = await newPerson(browser, server.url, 'Bob Baker');
    await Promise.all([signUp(ann), signUp(bob)]);
    await makeContacts(server.url, ann, bob);
    await Promise.all([ann.page.reload(), bob.page.reload()]);
    await Promise.all([openChat(ann.page, 'Bob Baker'), openChat(bob.page, 'Ann Archer')]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('replies with a quote, edits with ↑ and cancels with Escape', async () => {
    await send(ann.page, 'Lunch at noon?');
    const original = messageIn(bob.page, 'Lunch at noon?');
    await original.hover();
    await original.getByRole('button', { name: 'Reply' }).click();
    await bob.page.getByText('Replying to Ann Archer').waitFor();
    await send(bob.page, 'Yes, see you there');
    // The quote of the original is in the reply on both sides, once the server has it.
    await messageIn(ann.page, 'Yes, see you there').locator('.message-quote', { hasText: 'Lunch at noon?' }).waitFor();
    expect(await bob.page.getByText('Replying to Ann Archer').count()).toBe(0);
    // The quote opens the original: its link in the address bar, the message marked.
    await messageIn(ann.page, 'Yes, see you there').locator('.message-quote').click();
    const seq = await messageIn(ann.page, 'Lunch at noon?').getAttribute('data-seq');
    await expect.poll(() => ann.page.evaluate(() => location.pathname)).toMatch(new RegExp(`/${seq}$`));
    await messageIn(ann.page, 'Lunch at noon?').and(ann.page.locator('.is-target')).waitFor();

    const box = ann.page.getByRole('textbox', { name: 'Message' });
    await box.focus();
    await box.press('ArrowUp');
    await ann.page.getByText('Editing your message').waitFor();
    expect(await box.inputValue()).toBe('Lunch at noon?');
    await box.press('Escape');
    expect(await ann.page.getByText('Editing your message').count()).toBe(0);
    expect(await box.inputValue()).toBe('');

    await box.press('ArrowUp');
    await box.fill('Lunch at one?');
    await box.press('Enter');
    const edited = messageIn(bob.page, 'Lunch at one?');
    await edited.waitFor();
    expect(await edited.locator('.message-edited').textContent()).toBe('(edited)');
    await messageIn(ann.page, 'Lunch at one?').locator('.message-edited').waitFor();
  });

  it('reacts through the actions and toggles the chip, with who reacted in its tooltip', async () => {
    const target = messageIn(bob.page, 'Lunch at one?');
    await target.hover();
    await target.getByRole('button', { name: 'React', exact: true }).click();
    await target.getByRole('button', { name: 'React with 🎉' }).click();
    const bobsChip = target.locator('.reaction-chip');
    await expect.poll(() => bobsChip.getAttribute('aria-pressed')).toBe('true');
    expect(await bobsChip.getAttribute('title')).toBe('Bob Baker');

    const annsChip = messageIn(ann.page, 'Lunch at one?').locator('.reaction-chip');
    await expect.poll(() => annsChip.textContent()).toBe('🎉1');
    expect(await annsChip.getAttribute('aria-pressed')).toBe('false');
    await annsChip.click();
    await expect.poll(() => annsChip.textContent()).toBe('🎉2');
    expect(await annsChip.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => bobsChip.textContent()).toBe('🎉2');
    await annsChip.click();
    await expect.poll(() => annsChip.textContent()).toBe('🎉1');
    await expect.poll(() => annsChip.getAttribute('aria-pressed')).toBe('false');
  });

  it('reaches every action from the keyboard and deletes after confirming', async () => {
    await send(ann.page, 'Oops, wrong chat');
    const message = messageIn(ann.page, 'Oops, wrong chat');
    await message.getByRole('button', { name: 'Message actions' }).focus();
    await ann.page.keyboard.press('Tab');
    await ann.page.keyboard.press('Tab');
    await ann.page.keyboard.press('Tab');
    await ann.page.keyboard.press('Tab');
    // ⋯, then Reply, React, Edit: Delete has the focus now.
    expect(await ann.page.evaluate(() => document.activeElement?.textContent)).toBe('Delete');
    await ann.page.keyboard.press('Enter');
    const dialog = ann.page.getByRole('dialog', { name: 'Delete this message?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete message' }).click();
    await expect.poll(() => bob.page.getByRole('log', { name: 'Messages' }).getByText('This message was deleted').count()).toBe(1);
    await expect.poll(() => ann.page.getByRole('log', { name: 'Messages' }).getByText('This message was deleted').count()).toBe(1);
    expect(await bob.page.getByText('Oops, wrong chat').count()).toBe(0);
  });

  it('formats a safe Markdown subset and leaves javascript: links and raw HTML inert', async () => {
    const box = ann.page.getByRole('textbox', { name: 'Message' });
    await box.fill('**bold** _it_ ~~gone~~ `x<y` [site](https://example.com/a) [bad](javascript:alert(1)) <img src=x onerror=alert(2)>\n- one\n- two\n> quoted');
    await box.press('Enter');
    const log = bob.page.getByRole('log', { name: 'Messages' });
    const text = log.locator('li.message .message-text').filter({ has: bob.page.locator('strong', { hasText: 'bold' }) });
    await text.waitFor();
    expect(await text.locator('em').textContent()).toBe('it');
    expect(await text.locator('s').textContent()).toBe('gone');
    expect(await text.locator('code').textContent()).toBe('x<y');
    expect(await text.locator('li').allTextContents()).toEqual(['one', 'two']);
    expect(await text.locator('blockquote').textContent()).toBe('quoted');
    const links = text.locator('a');
    expect(await links.count()).toBe(1);
    expect(await links.getAttribute('href')).toBe('https://example.com/a');
    expect(await links.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await links.getAttribute('target')).toBe('_blank');
    // The javascript: link and the tag are shown as the text they are.
    expect(await text.textContent()).toContain('[bad](javascript:alert(1))');
    expect(await text.textContent()).toContain('<img src=x onerror=alert(2)>');
    expect(await text.locator('img').count()).toBe(0);
  });

  it('offers members after @ and highlights the mention, more strongly for the one named', async () => {
    const box = ann.page.getByRole('textbox', { name: 'Message' });
    await box.focus();
    await box.pressSequentially('Hi @Bo');
    const option = ann.page.getByRole('listbox', { name: 'People to mention' }).getByRole('option', { name: 'Bob Baker' });
    await option.waitFor();
    await box.press('Enter');
    expect(await box.inputValue()).toBe('Hi @Bob Baker ');
    await box.pressSequentially('look');
    await box.press('Enter');
    const mention = messageIn(bob.page, 'Hi @Bob Baker look').locator('.mention');
    await mention.waitFor();
    expect(await mention.getAttribute('class')).toContain('mention-me');
    expect(await messageIn(ann.page, 'Hi @Bob Baker look').locator('.mention').getAttribute('class')).toBe('mention');
  });

  it('shows edits, deletes and reactions made while away after a reload', async () => {
    await bob.page.reload();
    await openChat(bob.page, 'Ann Archer');
    const edited = messageIn(bob.page, 'Lunch at one?');
    await edited.locator('.message-edited').waitFor();
    expect(await edited.locator('.reaction-chip').textContent()).toBe('🎉1');
    expect(await bob.page.getByRole('log', { name: 'Messages' }).getByText('This message was deleted').count()).toBe(1);
  });

  it('picks any emoji from the picker, served from our own origin, for the composer and for a reaction', async () => {
    const { page } = ann;
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url)) outside.push(request.url());
    });
    await page.getByRole('button', { name: 'Insert an emoji' }).click();
    const picker = page.getByRole('dialog', { name: 'Insert an emoji' });
    await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('rocket');
    // The picker's list is a grid: each emoji a cell named after it.
    await picker.getByRole('gridcell', { name: 'Rocket', exact: true }).click();
    await picker.waitFor({ state: 'detached' });
    const box = page.getByRole('textbox', { name: 'Message' });
    expect(await box.inputValue()).toBe('🚀');
    await box.pressSequentially(' launch');
    await box.press('Enter');
    await messageIn(page, '🚀 launch').and(page.locator('[data-status="sent"]')).waitFor();

    const target = messageIn(bob.page, '🚀 launch');
    await target.hover();
    await target.getByRole('button', { name: 'React', exact: true }).click();
    await target.getByRole('button', { name: 'More emoji' }).click();
    const reactions = bob.page.getByRole('dialog', { name: 'More emoji' });
    await reactions.getByRole('searchbox', { name: 'Search emoji' }).fill('tada');
    await reactions.getByRole('gridcell', { name: 'Party popper', exact: true }).click();
    await expect.poll(() => messageIn(page, '🚀 launch').locator('.reaction-chip').textContent()).toBe('🎉1');
    expect(outside).toEqual([]);

    // What one picked comes first next time, newest first (per device), for a tap.
    await bob.page.getByRole('button', { name: 'Insert an emoji' }).click();
    const again = bob.page.getByRole('dialog', { name: 'Insert an emoji' });
    const recent = again.getByRole('group', { name: 'Recently used' });
    expect(await recent.getByRole('button').allTextContents()).toEqual(['🎉']);
    await recent.getByRole('button', { name: 'Recently used 🎉' }).click();
    await again.waitFor({ state: 'detached' });
    expect(await bob.page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('🎉');
    await bob.page.getByRole('textbox', { name: 'Message' }).fill('');
  });
});
