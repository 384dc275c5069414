import { describe, expect, it } from 'vitest';
import type { UserRecord } from '../storage/storage.js';
import type { Session } from './session.js';
import { SessionRegistry } from './session-registry.js';

let next = 0;
function buildSession(userId: number, tokenHash = `t${userId}`): Session {
  const user: UserRecord = { id: userId, name: `U${userId}`, phone: `${100000 + userId}`, passwordHash: '', createdAt: '' };
  return { conn: { id: `c${++next}`, send: () => {}, close: () => {} }, user, tokenHash, rooms: new Set(), expiresAt: Number.MAX_SAFE_INTEGER };
}

describe('SessionRegistry', () => {
  it('indexes sessions by user and token until they are removed, once', () => {
    const registry = new SessionRegistry();
    const [a1, a2] = [buildSession(1), buildSession(1)];
    registry.add(a1, []);
    registry.add(a2, []);
    expect(registry.userSessions(1).size).toBe(2);
    expect(registry.remove(a1)).toBe(true);
    expect([...registry.userSessions(1)]).toEqual([a2]);
    expect(registry.remove(a1)).toBe(false);
    expect(registry.remove(a2)).toBe(true);
    expect(registry.userSessions(1).size).toBe(0);
    expect(registry.tokenSessions('t1').size).toBe(0);
  });

  it('subscribes every session of a user to a room they join, and unsubscribes them on leave', () => {
    const registry = new SessionRegistry();
    const [a1, a2, b] = [buildSession(1), buildSession(1), buildSession(2)];
    registry.add(a1, [10]);
    registry.add(a2, []);
    registry.add(b, [10]);
    registry.subscribe([1], 20);
    expect([...registry.roomSessions(20)]).toEqual([a1, a2]);
    registry.unsubscribe([1], 10);
    expect([...registry.roomSessions(10)]).toEqual([b]);
    expect(a1.rooms.has(10)).toBe(false);
  });

  it('drops a deleted room from every session and forgets closed sessions', () => {
    const registry = new SessionRegistry();
    const [a, b] = [buildSession(1), buildSession(2)];
    registry.add(a, [10]);
    registry.add(b, [10]);
    expect([...registry.dropRoom(10)]).toEqual([a, b]);
    expect(registry.roomSessions(10).size).toBe(0);
    expect(a.rooms.size).toBe(0);
    registry.remove(b);
    expect(registry.tokenSessions('t2').size).toBe(0);
  });
});
