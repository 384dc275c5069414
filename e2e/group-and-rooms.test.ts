import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserMissing, launchBrowser, newPerson, type Person } from './support/browser.js';
import { makeContacts } from './support/sdk.js';
import { startTestServer, type TestServer } from './support/server.js';
import { messageIn, openChat, phonePattern, send, signUp, tabTo } from './support/steps.js';

describe.skipIf(browserMissing)('web app: groups, search and rooms', () => {
  let server: TestServer;
  let browser: Browser;
  let cleo: Person;
  let dan: Person;
  let fay: Person;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    cleo = await newPerson(browser, server.url, 'Cleo Curie');
    dan = await newPerson(browser, server.url, 'Dan Dalton');
    fay = await newPerson(browser, server.url, 'Fay Fisher');
    await Promise.all([signUp(cleo), signUp(dan), signUp(fay)]);
    // They know each other (a stranger would be invited, not added: see invitations.test.ts).
    await makeContacts(server.url, cleo, dan, fay);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('creates a group of three from the modal, with removable chips', async () => {
    const { page } = cleo;
    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill('Trip planning');
    const people = dialog.getByLabel('Add people');
    // Strangers are found by their whole number only.
    for (const person of [dan, fay]) {
      await people.fill(person.phone);
      await dialog.getByRole('button', { name: new RegExp(`^Add ${person.name}`) }).click();
    }
    const chips = dialog.getByRole('list', { name: 'People in the group' });
    expect(await chips.getByRole('listitem').count()).toBe(2);
    await dialog.getByRole('button', { name: `Remove ${fay.name}` }).click();
    expect(await chips.getByRole('listitem').count()).toBe(1);
    await people.fill(fay.phone);
    await people.press('Enter');
    await chips.getByText(fay.name).waitFor();
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('heading', { level: 2, name: 'Trip planning' }).waitFor();
    expect(await page.locator('.chat-subtitle').textContent()).toMatch(/3 members/);

    await send(page, 'Welcome to the trip group');
    for (const other of [dan, fay]) {
      await openChat(other.page, 'Trip planning');
      await messageIn(other.page, 'Welcome to the trip group').waitFor();
    }
    await send(dan.page, 'Dan here');
    await send(fay.page, 'Fay here');
    for (const person of [cleo, dan, fay]) {
      await messageIn(person.page, 'Dan here').waitFor();
      await messageIn(person.page, 'Fay here').waitFor();
    }
    // In a group, incoming messages name their sender.
    expect(await messageIn(cleo.page, 'Fay here').locator('.message-sender').textContent()).toBe(fay.name);
  });

  it('finds people and rooms as one types', async () => {
    const { page } = cleo;
    await page.getByRole('button', { name: 'New room' }).click();
    const dialog = page.getByRole('dialog', { name: 'New room' });
    await dialog.getByLabel('Room name').fill('Book club');
    await dialog.getByLabel('Description').fill('Novels, one a month');
    await dialog.getByRole('button', { name: 'Create room' }).click();
    await page.getByRole('heading', { level: 2, name: 'Book club' }).waitFor();

    const search = fay.page.getByRole('searchbox', { name: 'Search' });
    await search.fill('book');
    const rooms = fay.page.getByRole('list', { name: 'Rooms found' });
    await rooms.getByRole('button', { name: /^Join room Book club\b/ }).waitFor();
    expect(await rooms.textContent()).toContain('Novels, one a month');

    await search.fill('Dalton');
    const people = fay.page.getByRole('list', { name: 'People found' });
    await people.getByRole('button', { name: new RegExp(`^Chat with ${dan.name}\\W+${phonePattern(dan.phone)}`) }).waitFor();
    expect(await people.textContent()).toMatch(new RegExp(phonePattern(dan.phone)));

    await search.fill(cleo.phone);
    await people.getByRole('button', { name: new RegExp(`^Chat with ${cleo.name}`) }).waitFor();
  });

  it('works with the keyboard alone', async () => {
    const { page } = dan;
    await page.reload();
    // The chat loads after the page (a chunk of its own): a keyboard user starts once it shows.
    await page.getByRole('searchbox', { name: 'Search' }).waitFor();
    await tabTo(page, /^Search$/);
    await page.keyboard.type('Fay');
    await page.getByRole('list', { name: 'People found' }).waitFor();
    await tabTo(page, new RegExp(`^Chat with ${fay.name}`));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: fay.name }).waitFor();
    // The message box has the focus once a chat opens.
    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Enter');
    await messageIn(page, 'Typed without a mouse').and(page.locator('[data-status="sent"]')).waitFor();
    await openChat(fay.page, dan.name);
    await messageIn(fay.page, 'Typed without a mouse').waitFor();
  });

  it('joins a public room from search, and the others see it', async () => {
    const search = fay.page.getByRole('searchbox', { name: 'Search' });
    await search.fill('Book');
    await fay.page.getByRole('button', { name: /^Join room Book club\b/ }).click();
    await fay.page.getByRole('heading', { level: 2, name: 'Book club' }).waitFor();
    expect(await search.inputValue()).toBe('');
    await cleo.page.getByRole('log', { name: 'Messages' }).getByText(`${fay.name} joined the room.`).waitFor();
    await expect.poll(() => cleo.page.locator('.chat-subtitle').textContent()).toMatch(/2 members, 2 online/);
    await send(fay.page, 'Hello book people');
    await messageIn(cleo.page, 'Hello book people').waitFor();
  });

  it('removes a deleted room for the other member, with a notice', async () => {
    const { page } = cleo;
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Book club?' });
    await dialog.getByRole('button', { name: 'Delete room' }).click();
    await page.getByRole('heading', { level: 2, name: 'Pick a chat' }).waitFor();

    await fay.page.getByText('The room Book club has been deleted by its owner.').waitFor();
    await fay.page.getByRole('heading', { level: 2, name: 'Pick a chat' }).waitFor();
    const list = fay.page.getByRole('list', { name: 'Your chats' });
    await expect.poll(() => list.getByRole('button', { name: /^Book club/ }).count()).toBe(0);
    expect(await list.getByRole('button', { name: /^Trip planning/ }).count()).toBe(1);
  });

  it('makes a private room and adds people to it, who can read and write at once', async () => {
    const { page } = cleo;
    await page.getByRole('button', { name: 'New room' }).click();
    const create = page.getByRole('dialog', { name: 'New room' });
    await create.getByLabel('Room name').fill('Secret plans');
    await create.getByRole('radio', { name: /Private/ }).check();
    await create.getByRole('button', { name: 'Create room' }).click();
    await page.getByRole('heading', { level: 2, name: 'Secret plans' }).waitFor();
    await send(page, 'Only for the invited');

    await page.getByRole('button', { name: 'Add people' }).click();
    const add = page.getByRole('dialog', { name: 'Add people to Secret plans' });
    await add.getByLabel('Add people').fill(fay.name.split(' ')[0]!);
    await add.getByRole('button', { name: new RegExp(`^Add ${fay.name}`) }).click();
    await add.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.locator('.chat-subtitle').textContent()).toMatch(/2 members/);
    await page.getByRole('log', { name: 'Messages' }).getByText(`You added ${fay.name} to the room.`).waitFor();

    await openChat(fay.page, 'Secret plans');
    await messageIn(fay.page, 'Only for the invited').waitFor();
    await send(fay.page, 'Thanks for adding me');
    await messageIn(page, 'Thanks for adding me').waitFor();
  });

  it('leaves a group, and the others see who left', async () => {
    await openChat(dan.page, 'Trip planning');
    await dan.page.getByRole('button', { name: 'Leave' }).click();
    await dan.page.getByRole('dialog', { name: 'Leave Trip planning?' }).getByRole('button', { name: 'Leave' }).click();
    await expect.poll(() => dan.page.getByRole('list', { name: 'Your chats' }).getByRole('button', { name: /^Trip planning/ }).count()).toBe(0);
    await openChat(cleo.page, 'Trip planning');
    await cleo.page.getByRole('log', { name: 'Messages' }).getByText(`${dan.name} left the group.`).waitFor();
    for (const person of [cleo, dan, fay]) expect(person.errors).toEqual([]);
  });
});

if (browserMissing !== null) {
  const reason = browserMissing;
  describe('web app: groups, search and rooms', () => {
    it.skip(reason, () => {});
  });
}
