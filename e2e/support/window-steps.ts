import type { EngineWindow } from './engine.js';
import { button, composer, describeTarget, escapeRegExp, field, heading, list, message, searchBox, type Target } from './target.js';

/** Someone using the app in one window of one engine. */
export interface WindowPerson {
  window: EngineWindow;
  name: string;
  phone: string;
  password: string;
}

/** Polls `read` until `accept` holds; fails with what it last read. */
export async function waitUntil<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeout = 10_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeout} ms for ${what}; last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the page shows `target`. */
export async function waitFor(window: EngineWindow, target: Target, timeout = 10_000): Promise<void> {
  await waitUntil(describeTarget(target), async () => (await window.query(target)).count, (count) => count > 0, timeout);
}

/** The text of the first element `target` finds, once it shows. */
export async function textOf(window: EngineWindow, target: Target): Promise<string> {
  await waitFor(window, target);
  return (await window.query(target)).text ?? '';
}

export async function attributeOf(window: EngineWindow, target: Target, name: string): Promise<string | null> {
  await waitFor(window, target);
  return (await window.query(target, name)).attribute;
}

export async function clickWhenShown(window: EngineWindow, target: Target): Promise<void> {
  await waitFor(window, target);
  await window.click(target);
}

export async function fillWhenShown(window: EngineWindow, target: Target, text: string): Promise<void> {
  await waitFor(window, target);
  await window.fill(target, text);
}

/** Signs up through the welcome and sign-up pages; lands in the chat. */
export async function signUpIn(person: WindowPerson): Promise<void> {
  const { window } = person;
  await window.goto('/');
  await clickWhenShown(window, button('Sign up'));
  await fillWhenShown(window, field('Name'), person.name);
  await window.fill(field('Phone'), person.phone);
  await window.fill(field('Password'), person.password);
  await window.click(button('Sign up'));
  await waitFor(window, searchBox);
}

/** Finds someone by their whole number and opens the private chat with them. */
export async function openPrivateChatIn(window: EngineWindow, other: { name: string; phone: string }): Promise<void> {
  await fillWhenShown(window, searchBox, other.phone);
  await clickWhenShown(window, button(new RegExp(`^Chat with ${escapeRegExp(other.name)}`)));
  await waitFor(window, heading(other.name));
}

export const chatInList = (title: string): Target => button(new RegExp(`^${escapeRegExp(title)}`), list('Your chats'));

/** Opens a chat from the list by its title. */
export async function openChatIn(window: EngineWindow, title: string): Promise<void> {
  if ((await window.query(searchBox)).value) await window.fill(searchBox, '');
  await clickWhenShown(window, chatInList(title));
  await waitFor(window, heading(title));
}

/** Writes a message (`lines` joined by Shift+Enter) and presses Enter; waits until the server acknowledged it. */
export async function sendIn(window: EngineWindow, ...lines: string[]): Promise<void> {
  await writeIn(window, ...lines);
  await waitUntil(`"${lines.join('\\n')}" to be sent`, () => attributeOf(window, message(lines.join('\n')), 'data-status'), (status) => status === 'sent');
}

/** Writes a message and presses Enter, waiting for nothing. */
export async function writeIn(window: EngineWindow, ...lines: string[]): Promise<void> {
  await waitFor(window, composer);
  for (const [i, line] of lines.entries()) {
    if (i === 0) await window.fill(composer, line);
    else {
      await window.press(composer, 'Shift+Enter');
      await window.type(composer, line);
    }
  }
  await window.press(composer, 'Enter');
}
