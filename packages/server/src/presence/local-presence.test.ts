import { describe, expect, it } from 'vitest';
import { createLocalPresence } from './local-presence.js';

describe('local presence', () => {
  it("reports a user's first and last session, which drive presence announcements", async () => {
    const presence = createLocalPresence();
    expect(await presence.sessionOpened(1)).toBe(true);
    expect(await presence.sessionOpened(1)).toBe(false);
    expect(await presence.onlineAmong([1, 2])).toEqual(new Set([1]));
    expect(await presence.sessionClosed(1)).toBe(false);
    expect(await presence.sessionClosed(1)).toBe(true);
    expect(await presence.onlineAmong([1, 2])).toEqual(new Set());
  });
});
