import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient, type ParleyClient, type WebSocketConstructor } from '@parley/client';
import { uniquePhone } from './browser.js';
import type { Engine, EngineBrowser } from './engine.js';
import { startTestServer, type TestServer } from './server.js';
import { banner, button, composer, dialog, field, heading, list, message, messageLog } from './target.js';
import { attributeOf, chatInList, clickWhenShown, fillWhenShown, openChatIn, openPrivateChatIn, sendIn, signUpIn, textOf, waitFor, waitUntil, writeIn, type WindowPerson } from './window-steps.js';

// A short server heartbeat, so that a window cut off is seen offline by the others within seconds.
const heartbeatMs = 1000;

/**
 * The main flows of the web app, the same steps in every engine (one test file per engine runs
 * them): sign up, a private chat between two windows, a group, a reload, offline and back. Missing
 * browsers skip, except under CI=true, where they fail: CI must not pass by skipping.
 */
export function describeMainFlows(engine: Engine): void {
  if (engine.missing && process.env.CI === 'true') throw new Error(`CI=true but ${engine.name} cannot run: ${engine.missing}`);
  const title = `web app in ${engine.name}: sign up, chat, group, reload, offline`;
  if (engine.missing) {
    const reason = `skipped: ${engine.missing}`;
    describe(title, () => it.skip(reason, () => {}));
    return;
  }

  describe(title, () => {
    let server: TestServer;
    let browser: EngineBrowser;
    let ann: WindowPerson;
    let bob: WindowPerson;
    let cy: ParleyClient;
    const cyPerson = { name: 'Cy Sdk', phone: uniquePhone(), password: 'correct horse battery' };

    beforeAll(async () => {
      [server, browser] = await Promise.all([startTestServer({ limits: { heartbeatMs } }), engine.launch()]);
      ann = { window: await browser.newWindow(server.url), name: 'Ann Archer', phone: uniquePhone(), password: 'correct horse battery' };
      bob = { window: await browser.newWindow(server.url), name: 'Bob Baker', phone: uniquePhone(), password: 'correct horse battery' };
    });

    afterAll(async () => {
      cy?.close();
      await browser?.close();
      await server?.dispose();
    });

    it('signs two people up in two windows', async () => {
      await Promise.all([signUpIn(ann), signUpIn(bob)]);
      expect(await ann.window.path()).toMatch(/^\/chat/);
    });

    it('lets them chat privately and live, a line break included', async () => {
      await openPrivateChatIn(ann.window, bob);
      await sendIn(ann.window, 'Hi Bob, it is Ann');
      // Bob's list gets the chat with an unread count, without a reload.
      await waitUntil('Bob to see 1 unread', () => textOf(bob.window, chatInList(ann.name)), (text) => /1 unread/.test(text) && text.includes('Hi Bob, it is Ann'));
      await openChatIn(bob.window, ann.name);
      expect(await attributeOf(bob.window, message('Hi Bob, it is Ann'), 'class')).toContain('message-in');

      await sendIn(bob.window, 'Hello Ann!', 'Two lines here.');
      await waitFor(ann.window, message('Hello Ann!\nTwo lines here.'));
      expect(await attributeOf(ann.window, message('Hello Ann!\nTwo lines here.'), 'class')).toContain('message-in');
    });

    it('makes a group with a third person, and everyone reads everyone', async () => {
      cy = createClient({ url: server.url, WebSocket: WebSocket as unknown as WebSocketConstructor });
      await cy.signup(cyPerson);
      await cy.signin(cyPerson);
      await cy.connect();
      // Contacts are added to a group at once (strangers would be invited).
      await cy.openPrivate(ann.phone);

      const { window } = ann;
      await clickWhenShown(window, button('New group'));
      const form = dialog('New group');
      await fillWhenShown(window, field('Group name', form), 'Trip planning');
      for (const person of [bob, cyPerson]) {
        await window.fill(field('Add people', form), person.phone);
        await clickWhenShown(window, button(new RegExp(`^Add ${person.name}`), form));
        await waitFor(window, { css: 'li', text: new RegExp(person.name), within: list('People in the group') });
      }
      await window.click(button('Create group', form));
      await waitFor(window, heading('Trip planning'));
      await waitUntil('3 members', () => textOf(window, { css: '.chat-subtitle' }), (text) => /3 members/.test(text));

      await sendIn(window, 'Welcome to the trip group');
      await openChatIn(bob.window, 'Trip planning');
      await waitFor(bob.window, message('Welcome to the trip group'));
      await sendIn(bob.window, 'Bob here');
      const group = await waitUntil('Cy to be in the group', async () => (await cy.myRooms()).find((r) => r.kind === 'group'), (r) => r !== undefined);
      await cy.send(group!.name, 'Cy here, from the SDK');
      for (const person of [ann, bob]) {
        await waitFor(person.window, message('Cy here, from the SDK'));
        // In a group, incoming messages name their sender.
        expect(await textOf(person.window, { css: '.message-sender', within: message('Cy here, from the SDK') })).toBe(cyPerson.name);
      }
      await waitFor(ann.window, message('Bob here'));
    });

    it('keeps the chat, its messages and a draft through a reload', async () => {
      const { window } = bob;
      const path = await window.path();
      expect(path).toMatch(/^\/chat\/[^/]+$/);
      await window.fill(composer, 'A draft that must survive');
      // Drafts are written to the browser's storage a moment after typing stops.
      await new Promise((resolve) => setTimeout(resolve, 800));
      await window.reload();
      await waitFor(window, message('Cy here, from the SDK'));
      expect(await window.path()).toBe(path);
      await waitUntil('the draft back in the composer', async () => (await window.query(composer)).value, (value) => value === 'A draft that must survive');
      await window.fill(composer, '');
    });

    it('installs the app shell for use offline', async () => {
      await waitUntil('a service worker to control the page', () => ann.window.evaluate('navigator.serviceWorker.controller !== null'), (controls) => controls === true, 15_000);
    });

    it(`notices going offline (${engine.offline === 'emulated' ? "the engine's network emulation" : 'its path to the server cut'}), keeps what was written, and sends it once when back`, async () => {
      await openChatIn(ann.window, bob.name);
      await openChatIn(bob.window, ann.name);
      const bobsHeader = { css: '.chat-header' };
      await waitUntil('Bob to see Ann online', () => textOf(bob.window, bobsHeader), (text) => /· online/.test(text));

      const started = Date.now();
      await ann.window.setOffline(true);
      // Emulated, the browser's offline event says so at once; cut, the closed socket says it.
      const expected = engine.offline === 'emulated' ? /You are offline/ : /Reconnecting/;
      await waitUntil('the offline banner', async () => (await ann.window.query(banner)).text ?? '', (text) => expected.test(text), 3000);
      expect(Date.now() - started).toBeLessThan(3000);
      await waitUntil('Bob to see Ann offline', () => textOf(bob.window, bobsHeader), (text) => /· (offline|last seen)/.test(text), 2 * heartbeatMs + 4000);

      await writeIn(ann.window, 'Written on the train');
      expect(await attributeOf(ann.window, message('Written on the train'), 'data-status')).toBe('queued');
      await waitUntil('the banner to count it', async () => (await ann.window.query(banner)).text ?? '', (text) => text.includes('1 message waits to be sent'));
      // Still cut off, the page is reloaded: the service worker opens the app (from its cache; under
      // Firefox's emulation the worker itself is not offline), and the message waits in the
      // browser's storage (the SDK's outbox in IndexedDB).
      await ann.window.reload();
      await waitUntil('the queued message after the reload', () => attributeOf(ann.window, message('Written on the train'), 'data-status'), (status) => status === 'queued');

      await ann.window.setOffline(false);
      await waitUntil('the message to be sent', () => attributeOf(ann.window, message('Written on the train'), 'data-status'), (status) => status === 'sent', 15_000);
      await waitUntil('the banner to go', async () => (await ann.window.query(banner)).count, (count) => count === 0);
      await waitFor(bob.window, message('Written on the train'));
      await waitUntil('Bob to see Ann online again', () => textOf(bob.window, bobsHeader), (text) => /· online/.test(text));
      await bob.window.reload();
      await waitFor(bob.window, message('Written on the train'));
      expect((await bob.window.query(message('Written on the train'))).count).toBe(1);
      expect((await bob.window.query({ css: 'li.message', within: messageLog })).count).toBeGreaterThan(1);
    }, 40_000);

    it('threw no errors in either page', async () => {
      expect(await ann.window.errors()).toEqual([]);
      expect(await bob.window.errors()).toEqual([]);
    });
  });
}
