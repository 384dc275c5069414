import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserMissing, launchBrowser, newPerson, type Person } from './support/browser.js';
import { makeContacts } from './support/sdk.js';
import { startTestServer, type TestServer } from './support/server.js';
import { seriousViolations } from './support/axe.js';
import { openChat, signUp } from './support/steps.js';

// Pictures for the docs, refreshed on request as in screenshots.test.ts (PARLEY_UPDATE_SCREENSHOTS=1).
const outDir = process.env.PARLEY_UPDATE_SCREENSHOTS ? resolve(dirname(fileURLToPath(import.meta.url)), '../docs/screenshots') : join(tmpdir(), 'parley-screenshots');

const png = (width: number, height: number, background: string) => sharp({ create: { width, height, channels: 3, background } }).png().toBuffer();

/** The bubble whose files include one named `name`. */
const bubbleWith = (page: Page, name: string) => page.getByRole('log', { name: 'Messages' }).locator('li.message').filter({ has: page.getByRole('list', { name: 'Files' }).getByText(name).or(page.locator(`img[alt="${name}"], video[aria-label="${name}"]`)) });

describe.skipIf(browserMissing)('web app: sharing files', () => {
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

  it('attaches files by the button with progress and cancel, and shows images at their size with a lightbox', async () => {
    const { page } = ann;
    // A slow uplink, so that progress can be seen and an upload cancelled halfway.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
    const input = page.locator('input[aria-label="Files to attach"]');
    await input.setInputFiles([{ name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(3 * 1024 * 1024, 7) }]);
    const progress = page.getByRole('progressbar', { name: 'Uploading big.bin' });
    await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Cancel big.bin' }).click();
    expect(await page.getByRole('list', { name: 'Files to send' }).getByText('big.bin').count()).toBe(0);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    await input.setInputFiles([
      { name: 'wide.png', mimeType: 'image/png', buffer: await png(600, 300, '#2a7') },
      { name: 'tall.png', mimeType: 'image/png', buffer: await png(200, 400, '#a27') },
      { name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') },
    ]);
    const tray = page.getByRole('list', { name: 'Files to send' });
    await expect.poll(() => tray.getByText('Ready').count()).toBe(3);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Holiday pictures');
    await box.press('Enter');
    await expect.poll(() => tray.count()).toBe(0);

    // Bob's side: the image has its box before it loads (no layout shift), then the same after.
    const wide = bob.page.locator('img[alt="wide.png"]');
    await wide.waitFor({ state: 'attached' });
    expect([await wide.getAttribute('width'), await wide.getAttribute('height')]).toEqual(['280', '140']);
    const sizes = await wide.evaluate(async (img: HTMLImageElement) => {
      const before = img.getBoundingClientRect().height;
      if (!img.complete) await new Promise((resolve) => img.addEventListener('load', resolve, { once: true }));
      return { before, after: img.getBoundingClientRect().height, loaded: img.naturalWidth > 0 };
    });
    expect(sizes).toEqual({ before: 140, after: 140, loaded: true });

    await bob.page.getByRole('button', { name: 'Open wide.png' }).click();
    const lightbox = bob.page.getByRole('dialog', { name: 'wide.png, image 1 of 2' });
    await lightbox.waitFor();
    expect(await seriousViolations(bob.page)).toEqual([]);
    await lightbox.getByRole('button', { name: 'Zoom' }).click();
    expect(await lightbox.locator('.lightbox-stage.is-zoomed').count()).toBe(1);
    await lightbox.getByRole('button', { name: 'Next image' }).click();
    await bob.page.getByRole('dialog', { name: 'tall.png, image 2 of 2' }).waitFor();
    await bob.page.keyboard.press('ArrowLeft');
    await lightbox.waitFor();
    await bob.page.keyboard.press('Escape');
    await lightbox.waitFor({ state: 'detached' });

    // The document downloads under its own name.
    const [download] = await Promise.all([bob.page.waitForEvent('download'), bubbleWith(bob.page, 'report.pdf').getByRole('link', { name: /report\.pdf/ }).click()]);
    expect(download.suggestedFilename()).toBe('report.pdf');
    expect(ann.errors.concat(bob.errors)).toEqual([]);
  });

  it('says why an upload failed and retries it', async () => {
    const { page } = ann;
    await page.context().setOffline(true);
    await page.locator('input[aria-label="Files to attach"]').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('notes') }]);
    const tray = page.getByRole('list', { name: 'Files to send' });
    await tray.getByText('You are offline').waitFor();
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await page.context().setOffline(false);
    await tray.getByRole('button', { name: 'Retry' }).click();
    await tray.getByText('Ready').waitFor();
    await page.getByRole('button', { name: 'Remove notes.txt' }).click();
    expect(await tray.count()).toBe(0);
  });

  it('attaches a pasted screenshot, sent without a caption', async () => {
    const { page } = ann;
    const shot = (await png(120, 80, '#27a')).toString('base64');
    await page.getByRole('textbox', { name: 'Message' }).focus();
    await page.evaluate(async (data) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, shot);
    const tray = page.getByRole('list', { name: 'Files to send' });
    await tray.getByText(/^Screenshot .*\.png$/).waitFor();
    await tray.getByText('Ready').waitFor();
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await bob.page.locator('img[alt^="Screenshot "]').waitFor();
    const shown = await bob.page.locator('img[alt^="Screenshot "]').evaluate((img: HTMLImageElement) => [img.width, img.height]);
    expect(shown).toEqual([120, 80]);
  });

  it('plays a video inline, and lists what was shared in the Files panel', async () => {
    const { page } = ann;
    // A short WebM recorded in the page (no video tools on the machine), attached like a picked file.
    await page.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 160;
      canvas.height = 90;
      const context = canvas.getContext('2d')!;
      const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm' });
      const chunks: Blob[] = [];
      recorder.ondataavailable = (e) => chunks.push(e.data);
      const done = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start();
      for (let frame = 0; frame < 30; frame++) {
        context.fillStyle = `hsl(${frame * 12} 80% 50%)`;
        context.fillRect(0, 0, 160, 90);
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      recorder.stop();
      await done;
      const transfer = new DataTransfer();
      transfer.items.add(new File(chunks, 'clip.webm', { type: 'video/webm' }));
      const input = document.querySelector<HTMLInputElement>('input[aria-label="Files to attach"]')!;
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.getByRole('list', { name: 'Files to send' }).getByText('Ready').waitFor();
    await page.getByRole('textbox', { name: 'Message' }).fill('A clip');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    const video = bob.page.locator('video[aria-label="clip.webm"]');
    await video.waitFor();
    const played = await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      await v.play();
      await new Promise((resolve) => setTimeout(resolve, 500));
      return v.currentTime;
    });
    expect(played).toBeGreaterThan(0);

    await bob.page.getByRole('button', { name: 'Files', exact: true }).click();
    const panel = bob.page.getByRole('region', { name: 'Files', exact: true });
    await panel.getByText('clip.webm').waitFor();
    const names = await panel.locator('.file-name').allTextContents();
    expect(names[0]).toBe('clip.webm');
    expect(names).toEqual(expect.arrayContaining(['wide.png', 'tall.png', 'report.pdf']));
    expect(names).not.toContain('big.bin');
    expect(await seriousViolations(bob.page)).toEqual([]);
    mkdirSync(outDir, { recursive: true });
    await bob.page.emulateMedia({ reducedMotion: 'reduce' });
    await bob.page.screenshot({ path: join(outDir, 'chat-files-desktop.png') });
  });

  it('attaches a file dropped on the composer', async () => {
    const { page } = ann;
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['dropped notes'], 'dropped.txt', { type: 'text/plain' }));
      const composer = document.querySelector('form.composer')!;
      composer.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      composer.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    const tray = page.getByRole('list', { name: 'Files to send' });
    await tray.getByText('dropped.txt').waitFor();
    await tray.getByText('Ready').waitFor();
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await bubbleWith(bob.page, 'dropped.txt').waitFor();
  });
});
