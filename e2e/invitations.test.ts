import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ParleyClient } from '@parley/client';
import { seriousViolations } from './support/axe.js';
import { browserMissing, launchBrowser, newPerson, type Person } from './support/browser.js';
import { sdkSession } from './support/sdk.js';
import { startTestServer, type TestServer } from './support/server.js';
import { messageIn, openChat, signUp } from './support/steps.js';

describe.skipIf(browserMissing)('web app: invitations from strangers', () => {
  let server: TestServer;
  let browser: Browser;
  let gil: Person;
  let hal: Person;
  let ivy: Person;
  let gilSdk: ParleyClient;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    gil = await newPerson(browser, server.url, 'Gil Grant');
    hal = await newPerson(browser, server.url, 'Hal Hughes');
    ivy = await newPerson(browser, server.url, 'Ivy Irwin');
    await Promise.all([signUp(gil), signUp(hal), signUp(ivy)]);
    // Gil writes through the SDK; Hal and Ivy, who have never met him, answer in their browsers.
    gilSdk = await sdkSession(server.url, gil);
  });

  afterAll(async () => {
    gilSdk?.close();
    await browser?.close();
    await server?.dispose();
  });

  it('shows a stranger’s invitation live, and accepting opens the group with its messages', async () => {
    const { page } = hal;
    await gilSdk.createGroup('Book club', [hal.phone]);
    await gilSdk.send('Book club', 'First book: Dune');
    const invitation = page.getByRole('listitem', { name: 'Invitation to Book club' });
    await invitation.waitFor();
    expect(await invitation.textContent()).toMatch(/Gil Grant.*invited you to the group Book club/);
    expect(await invitation.textContent()).toMatch(/1 member(?!s)/);
    // Not yet a member: the group is not among the chats, and nothing of its history shows.
    expect(await page.getByRole('list', { name: 'Your chats' }).getByRole('button', { name: /^Book club/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    await invitation.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('heading', { level: 2, name: 'Book club' }).waitFor();
    await messageIn(page, 'First book: Dune').waitFor();
    expect(await page.getByRole('region', { name: 'Invitations' }).count()).toBe(0);
    await gilSdk.send('Book club', 'Welcome, Hal');
    await messageIn(page, 'Welcome, Hal').waitFor();
    // Having accepted, Hal is Gil's contact: Gil's next group takes him in at once.
    await gilSdk.createGroup('Film club', [hal.phone]);
    await openChat(page, 'Film club');
  });

  it('keeps an unanswered invitation across a reload, and declining removes it for good', async () => {
    const { page } = ivy;
    await gilSdk.createGroup('Chess night', [ivy.phone]);
    const invitation = page.getByRole('listitem', { name: 'Invitation to Chess night' });
    await invitation.waitFor();
    await page.reload();
    await invitation.waitFor();
    await invitation.getByRole('button', { name: 'Decline', exact: true }).click();
    await invitation.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('searchbox', { name: 'Search' }).waitFor();
    await page.getByText(/No chats yet/).waitFor();
    expect(await page.getByRole('listitem', { name: 'Invitation to Chess night' }).count()).toBe(0);
  });

  it('blocks the sender: no more invitations and no private chat from him', async () => {
    const { page } = ivy;
    await gilSdk.createGroup('Gardening', [ivy.phone]);
    const invitation = page.getByRole('listitem', { name: 'Invitation to Gardening' });
    await invitation.getByRole('button', { name: `Decline and block ${gil.name}` }).click();
    await invitation.waitFor({ state: 'detached' });
    await page.getByText(/Gil Grant is blocked/).waitFor();

    await gilSdk.createGroup('Gardening again', [ivy.phone]);
    await expect(gilSdk.openPrivate(ivy.phone)).rejects.toMatchObject({ code: expect.any(String) });
    // Give a push that should not come the time to arrive, then check that none did.
    await gilSdk.ping();
    await page.waitForTimeout(300);
    expect(await page.getByRole('region', { name: 'Invitations' }).count()).toBe(0);
    await page.reload();
    await page.getByRole('searchbox', { name: 'Search' }).waitFor();
    expect(await page.getByRole('region', { name: 'Invitations' }).count()).toBe(0);
  });
});
