import { createClient, type ClientEvents, type ParleyClient, type WebSocketConstructor } from '@parley/client';
import WebSocket from 'ws';
import type { TestUser } from './builders.js';
import type { TestServer } from './server.js';

const clients = new Set<ParleyClient>();
let testScope: Set<ParleyClient> | null = null;

/** From now on, clients belong to the test that is starting. */
export function beginClientScope(): void {
  testScope = new Set();
}

/** Closes the clients the finished test made; those made in hooks stay. */
export function endClientScope(): void {
  for (const client of testScope ?? []) client.close();
  testScope = null;
}

/** An SDK client for the server, signed in with the user's token (not yet connected). */
export function sdkClient(server: TestServer, user?: TestUser, token: string | undefined = user?.token): ParleyClient {
  const client = createClient({ url: server.url, token: token ?? null, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: false });
  clients.add(client);
  testScope?.add(client);
  return client;
}

/** An SDK client, connected and authenticated as the user. */
export async function connectedClient(server: TestServer, user: TestUser, token?: string): Promise<ParleyClient> {
  const client = sdkClient(server, user, token);
  await client.connect();
  return client;
}

/** Closes every SDK client the helpers made. */
export function closeAllClients(): void {
  for (const client of clients) client.close();
  clients.clear();
}

/** Resolves with the client's next event of this kind that matches, or fails after `timeoutMs`. */
export function nextEvent<K extends 'message' | 'system' | 'presence' | 'typing'>(
  client: ParleyClient,
  event: K,
  predicate: (payload: ClientEvents[K]) => boolean = () => true,
  timeoutMs = 4000,
): Promise<ClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const off = client.on(event, (payload) => {
      if (!predicate(payload)) return;
      off();
      clearTimeout(timer);
      resolve(payload);
    });
    const timer = setTimeout(() => {
      off();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for a ${event} event.`));
    }, timeoutMs);
  });
}
