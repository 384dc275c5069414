import { afterEach, describe, expect, it } from 'vitest';
import type { Bus, BusEvent } from './bus.js';

/**
 * What every Bus must do, run against each implementation. `open` returns buses that talk to
 * each other (the "nodes" of one deployment); a single-process bus returns the same one.
 */
export function busContract(name: string, open: () => Promise<{ nodes: Bus[]; close(): Promise<void> }>): void {
  describe(`${name} bus (contract)`, () => {
    let cleanup: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    const room = (seq: number): BusEvent => ({ type: 'room', roomId: 1, seq, frame: `{"seq":${seq}}` });

    async function withNodes() {
      const opened = await open();
      cleanup = () => opened.close();
      return opened.nodes;
    }

    function collect(bus: Bus): BusEvent[] {
      const seen: BusEvent[] = [];
      bus.subscribe((event) => seen.push(event));
      return seen;
    }

    async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error('timed out');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }

    it('delivers an event to the publishing node at once, before publish returns', async () => {
      const [node] = await withNodes();
      const seen = collect(node!);
      node!.publish(room(1));
      expect(seen).toEqual([room(1)]);
    });

    it('delivers every node each event exactly once, in the order one publisher sent them', async () => {
      const nodes = await withNodes();
      const seen = nodes.map(collect);
      for (let seq = 1; seq <= 200; seq++) nodes[0]!.publish(room(seq));
      await until(() => seen.every((s) => s.length >= 200));
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const events of seen) expect(events).toEqual(Array.from({ length: 200 }, (_, i) => room(i + 1)));
    });

    it('carries every kind of event intact', async () => {
      const nodes = await withNodes();
      const last = nodes.at(-1)!;
      const seen = collect(last);
      const events: BusEvent[] = [
        { type: 'room', roomId: 7, seq: 3, frame: '{"type":"message","text":"ünïcødé ✓"}', skipConnId: 'n1:c9' },
        { type: 'membership', roomId: 7, userIds: [1, 2], change: 'add' },
        { type: 'room_deleted', roomId: 7, frame: '{"type":"system","event":"delete"}' },
        { type: 'users', userIds: [3], frame: '{"type":"presence"}' },
        { type: 'revoke', tokenHash: 'abc' },
      ];
      for (const event of events) nodes[0]!.publish(event);
      await until(() => seen.length >= events.length);
      expect(seen).toEqual(events);
    });

    it('stops delivering to a handler that unsubscribed', async () => {
      const [node] = await withNodes();
      const seen: BusEvent[] = [];
      const off = node!.subscribe((event) => seen.push(event));
      off();
      node!.publish(room(1));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen).toEqual([]);
    });
  });
}
