import { describe, expect, it } from 'vitest';
import type { UserRecord } from '../storage/storage.js';
import type { ChatSocket } from './socket.js';
import { SocketRegistry } from './socket-registry.js';

let next = 0;
function buildSocket(userId: number, tokenHash = `t${userId}`): ChatSocket {
  const user: UserRecord = { id: userId, name: `U${userId}`, phone: `${100000 + userId}`, passwordHash: '', createdAt: '', readReceipts: true, status: { status: 'online', text: null, emoji: null, until: null } };
  return { conn: { id: `c${++next}`, send: () => {}, close: () => {} }, user, tokenHash, rooms: new Set(), expiresAt: Number.MAX_SAFE_INTEGER };
}

describe('SocketRegistry', () => {
  it('indexes sockets by user and token until they are removed, once', () => {
    const registry = new SocketRegistry();
    const [a1, a2] = [buildSocket(1), buildSocket(1)];
    registry.add(a1, []);
    registry.add(a2, []);
    expect(registry.userSockets(1).size).toBe(2);
    expect(registry.remove(a1)).toBe(true);
    expect([...registry.userSockets(1)]).toEqual([a2]);
    expect(registry.remove(a1)).toBe(false);
    expect(registry.remove(a2)).toBe(true);
    expect(registry.userSockets(1).size).toBe(0);
    expect(registry.tokenSockets('t1').size).toBe(0);
  });

  it('subscribes every socket of a user to a room they join, and unsubscribes them on leave', () => {
    const registry = new SocketRegistry();
    const [a1, a2, b] = [buildSocket(1), buildSocket(1), buildSocket(2)];
    registry.add(a1, [10]);
    registry.add(a2, []);
    registry.add(b, [10]);
    registry.subscribe([1], 20);
    expect([...registry.roomSockets(20)]).toEqual([a1, a2]);
    registry.unsubscribe([1], 10);
    expect([...registry.roomSockets(10)]).toEqual([b]);
    expect(a1.rooms.has(10)).toBe(false);
  });

  it('drops a deleted room from every session and forgets closed sockets', () => {
    const registry = new SocketRegistry();
    const [a, b] = [buildSocket(1), buildSocket(2)];
    registry.add(a, [10]);
    registry.add(b, [10]);
    expect([...registry.dropRoom(10)]).toEqual([a, b]);
    expect(registry.roomSockets(10).size).toBe(0);
    expect(a.rooms.size).toBe(0);
    registry.remove(b);
    expect(registry.tokenSockets('t2').size).toBe(0);
  });
});
