import { createClient, emptyTimeline, foldTimeline, type ParleyClient, type RoomEvent, type WebSocketConstructor } from '@parley/client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildUser } from './helpers/builders.js';
import { connectedClient } from './helpers/sdk.js';
import { useServer } from './helpers/server.js';
import { TcpProxy } from './helpers/tcp-proxy.js';

const server = useServer();

/** Resolves once `check` holds, polling; fails after `timeoutMs`. */
async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the SDK timeline', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('shows a member who was offline every edit, delete and reaction after the reconnect, as the server has them', async () => {
    const [ann, bob] = [await buildUser(server), await buildUser(server)];
    const annClient = await connectedClient(server, ann);
    const port = Number(new URL(server.url).port);
    const proxy = new TcpProxy([{ host: '127.0.0.1', port }]);
    await proxy.start();
    cleanup.push(() => proxy.cut());
    const bobClient: ParleyClient = createClient({
      url: `http://127.0.0.1:${proxy.port}`,
      token: bob.token,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      minReconnectDelayMs: 50,
      maxReconnectDelayMs: 100,
      heartbeatMs: 200,
    });
    cleanup.push(() => bobClient.close());
    await bobClient.connect();
    const { room } = await annClient.openPrivate(bob.phone);
    await bobClient.myRooms();

    let bobTimeline = emptyTimeline;
    const seen: RoomEvent[] = [];
    bobClient.on('event', (event) => {
      seen.push(event);
      bobTimeline = foldTimeline(bobTimeline, [event], bob.phone);
    });
    const first = await annClient.send(room, 'see you at 5');
    const second = await annClient.send(room, 'bring the map');
    await eventually(() => seen.length === 2);

    await proxy.cut();
    await annClient.edit(room, first.seq, 'see you at 6');
    await annClient.react(room, second.seq, '🗺️');
    await annClient.deleteMessage(room, second.seq);
    const third = await annClient.send(room, 'and snacks', { replyTo: first.seq, mentions: [bob.phone] });
    await proxy.restore();

    await eventually(() => seen.some((e) => e.seq === third.seq), 10_000);
    expect(seen.map((e) => e.seq)).toEqual([first.seq, second.seq, first.seq + 2, first.seq + 3, first.seq + 4, third.seq]);
    // What Bob folded from pushes and catch-up equals a fold of the whole history.
    const history = await bobClient.history(room, { after: 0 });
    const fromHistory = foldTimeline(emptyTimeline, history, bob.phone);
    const essentials = (timeline: typeof bobTimeline) =>
      timeline.items.map((i) =>
        i.kind === 'message'
          ? { seq: i.seq, text: i.message.text, deleted: i.message.deleted, editedAt: i.message.editedAt, replyTo: i.message.replyTo, mentions: i.message.mentions, reactions: i.message.reactions.map((r) => [r.emoji, r.count]) }
          : { seq: i.seq, system: i.event.event },
      );
    expect(essentials(bobTimeline)).toEqual(essentials(fromHistory));
    const texts = bobTimeline.items.map((i) => (i.kind === 'message' ? (i.message.deleted ? '(deleted)' : i.message.text) : i.kind));
    expect(texts).toEqual(['see you at 6', '(deleted)', 'and snacks']);
  });
});
