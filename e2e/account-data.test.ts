import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { UserExport } from '@parley/protocol';
import { browserMissing, launchBrowser, newPerson } from './support/browser.js';
import { startTestServer, type TestServer } from './support/server.js';
import { openPrivateChat, send, signUp } from './support/steps.js';

describe.skipIf(browserMissing !== null)('web app: your data', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('downloads the account and its chats as a JSON file from the settings', async () => {
    const [one, two] = await Promise.all(['Data One', 'Data Two'].map((name) => newPerson(browser, server.url, name, undefined, { acceptDownloads: true })));
    await signUp(one!);
    await signUp(two!);
    await openPrivateChat(one!.page, two!);
    await send(one!.page, 'Exported words');
    await one!.page.getByRole('button', { name: 'Appearance' }).click();
    const [download] = await Promise.all([one!.page.waitForEvent('download'), one!.page.getByRole('button', { name: 'Download my data' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^parley-export-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8')) as UserExport;
    expect(data.user.name).toBe('Data One');
    expect(data.rooms).toHaveLength(1);
    expect(data.rooms[0]!.events.some((e) => e.type === 'message' && e.text === 'Exported words')).toBe(true);
    await one!.page.getByRole('status').filter({ hasText: 'Your data was downloaded.' }).waitFor();
    expect(one!.errors).toEqual([]);
  });
});
