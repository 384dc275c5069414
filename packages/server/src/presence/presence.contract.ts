import { afterEach, describe, expect, it } from 'vitest';
import type { Presence } from './presence.js';

/**
 * What every Presence must do, run against each implementation. `open` returns the presences of
 * the nodes of one deployment (a single-node implementation returns one).
 */
export function presenceContract(name: string, open: () => Promise<{ nodes: Presence[]; close(): Promise<void> }>): void {
  describe(`${name} presence (contract)`, () => {
    let cleanup: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    async function withNodes(): Promise<[Presence, Presence]> {
      const opened = await open();
      cleanup = () => opened.close();
      const a = opened.nodes[0]!;
      return [a, opened.nodes[1] ?? a];
    }

    it("reports a user's first and last session anywhere, which drive presence announcements", async () => {
      const [a, b] = await withNodes();
      expect(await a.sessionOpened(1)).toBe(true);
      expect(await b.sessionOpened(1)).toBe(false);
      expect(await a.onlineAmong([1, 2])).toEqual(new Set([1]));
      expect(await b.onlineAmong([1, 2])).toEqual(new Set([1]));
      expect(await a.sessionClosed(1)).toBe(false);
      expect(await b.sessionClosed(1)).toBe(true);
      expect(await a.onlineAmong([1, 2])).toEqual(new Set());
    });

    it('keeps the latest input time over every node and returns the one before', async () => {
      const [a, b] = await withNodes();
      expect(await a.touch(7, 1000)).toBeNull();
      expect(await b.touch(7, 5000)).toBe(1000);
      // Older news from a slower node does not turn the clock back.
      expect(await a.touch(7, 3000)).toBe(5000);
      expect(await a.lastActiveAmong([7, 8])).toEqual(new Map([[7, 5000]]));
      expect(await b.lastActiveAmong([])).toEqual(new Map());
    });

    it('remembers when each user was last seen, for every node to read', async () => {
      const [a, b] = await withNodes();
      await a.setLastSeen(3, 60_000);
      await b.setLastSeen(4, 120_000);
      await b.setLastSeen(3, 180_000);
      expect(await a.lastSeenAmong([3, 4, 5])).toEqual(new Map([[3, 180_000], [4, 120_000]]));
    });
  });
}
