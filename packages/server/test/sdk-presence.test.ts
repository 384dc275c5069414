import WebSocket from 'ws';
import { createClient, type PresenceFrame, type WebSocketConstructor } from '@parley/client';
import { describe, expect, it } from 'vitest';
import { buildRoom, buildUser, connect } from './helpers/builders.js';
import { useServer } from './helpers/server.js';
import { connectedClient, nextEvent } from './helpers/sdk.js';

const server = useServer();

describe('presence through the SDK', () => {
  it('hands on every user of a batched presences frame as a presence event', async () => {
    const [watcher, ...crowd] = await Promise.all(Array.from({ length: 6 }, (_, i) => buildUser(server, { name: `Sdk ${i}` })));
    const owner = await connect(server, watcher!);
    const { room } = await buildRoom(owner);
    for (const user of crowd) {
      const socket = await connect(server, user);
      await socket.ok({ type: 'join', room });
      await socket.close();
    }
    // Their leaving is announced (grace, then a batch) before the watcher looks.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const client = await connectedClient(server, watcher!);
    const seen = new Map<string, PresenceFrame>();
    client.on('presence', (event) => seen.set(event.phone, event));
    // All five arrive within one batch: one presences frame, five events.
    await Promise.all(crowd.map((u) => connect(server, u)));
    await expect.poll(() => [...seen.values()].filter((e) => e.type === 'presence' && e.online && e.status === 'online').length, { timeout: 4000 }).toBe(crowd.length);
  });

  it('sets a status, reads it back, and reports activity at most once a minute', async () => {
    const [ann, ben] = [await buildUser(server, { name: 'Ann Sdk' }), await buildUser(server, { name: 'Ben Sdk' })];
    const annClient = await connectedClient(server, ann);
    const annElsewhere = await connect(server, ann);
    const benClient = await connectedClient(server, ben);
    await annClient.openPrivate(ben.phone);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const shown = nextEvent(benClient, 'presence', (e) => e.phone === ann.phone && e.status === 'busy');
    expect(await annClient.setStatus('busy', { text: 'Writing', emoji: '✍️' })).toEqual({ status: 'busy', text: 'Writing', emoji: '✍️', until: null });
    expect(await shown).toMatchObject({ text: 'Writing', emoji: '✍️' });
    expect(await annClient.myStatus()).toEqual({ status: 'busy', text: 'Writing', emoji: '✍️', until: null });
    // Her other connection is told, so that its status menu follows.
    expect(await annElsewhere.next((f) => f.type === 'status')).toEqual({ type: 'status', status: 'busy', text: 'Writing', emoji: '✍️', until: null });
  });

  it('reports activity at most once a minute, however often the app calls it', async () => {
    const ann = await buildUser(server, { name: 'Ann Active' });
    const sent: Record<string, unknown>[] = [];
    class Recording extends WebSocket {
      override send(data: string): void {
        sent.push(JSON.parse(data) as Record<string, unknown>);
        super.send(data);
      }
    }
    const client = createClient({ url: server.url, token: ann.token, WebSocket: Recording as unknown as WebSocketConstructor, reconnect: false });
    await client.connect();
    // Connecting counts as activity: reports right after it are kept back.
    for (let i = 0; i < 5; i++) client.reportActivity();
    await client.ping();
    expect(sent.filter((f) => f.type === 'active')).toEqual([]);
    client.close();
  });
});
