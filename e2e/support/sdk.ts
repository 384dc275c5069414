import WebSocket from 'ws';
import { createClient, type ParleyClient, type WebSocketConstructor } from '@parley/client';
import type { Person } from './browser.js';

/** A second session of someone's account through the SDK, for writing a lot quickly. */
export async function sdkSession(baseUrl: string, person: Person): Promise<ParleyClient> {
  const sdk = createClient({ url: baseUrl, WebSocket: WebSocket as unknown as WebSocketConstructor });
  await sdk.signin({ phone: person.phone, password: person.password });
  await sdk.connect();
  return sdk;
}

/** Writes `count` messages "<prefix> 1" … "<prefix> count" into the private chat with `other`; returns the room. */
export async function writeMany(sdk: ParleyClient, other: Person, prefix: string, count: number): Promise<string> {
  const { room } = await sdk.openPrivate(other.phone);
  for (let i = 1; i <= count; i++) await sdk.send(room, `${prefix} ${i}`);
  return room;
}

/**
 * Makes every two of these people contacts, as people become them: by a private chat between them
 * (through the SDK, not the pages). Contacts add each other to groups at once; strangers are invited.
 */
export async function makeContacts(baseUrl: string, ...people: Person[]): Promise<void> {
  for (const [i, person] of people.entries()) {
    if (i === people.length - 1) break;
    const sdk = await sdkSession(baseUrl, person);
    for (const other of people.slice(i + 1)) await sdk.openPrivate(other.phone);
    sdk.close();
  }
}
