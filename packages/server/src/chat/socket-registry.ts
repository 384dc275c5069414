import type { ChatSocket } from './socket.js';

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

const none: ReadonlySet<ChatSocket> = new Set();

/**
 * This node's authenticated sockets, indexed by user, by token and by room, so that fan-out to
 * a room is one walk over the sockets subscribed to it.
 */
export class SocketRegistry {
  private readonly byUser = new Map<number, Set<ChatSocket>>();
  private readonly byToken = new Map<string, Set<ChatSocket>>();
  private readonly byRoom = new Map<number, Set<ChatSocket>>();

  /** Adds a socket subscribed to `roomIds`. */
  add(socket: ChatSocket, roomIds: Iterable<number>): void {
    addTo(this.byUser, socket.user.id, socket);
    addTo(this.byToken, socket.tokenHash, socket);
    for (const roomId of roomIds) {
      socket.rooms.add(roomId);
      addTo(this.byRoom, roomId, socket);
    }
  }

  /** Removes a socket; returns false if it was not registered. */
  remove(socket: ChatSocket): boolean {
    if (!this.byUser.get(socket.user.id)?.has(socket)) return false;
    removeFrom(this.byUser, socket.user.id, socket);
    removeFrom(this.byToken, socket.tokenHash, socket);
    for (const roomId of socket.rooms) removeFrom(this.byRoom, roomId, socket);
    socket.rooms.clear();
    return true;
  }

  subscribe(userIds: Iterable<number>, roomId: number): void {
    for (const userId of userIds) {
      for (const socket of this.userSockets(userId)) {
        socket.rooms.add(roomId);
        addTo(this.byRoom, roomId, socket);
      }
    }
  }

  unsubscribe(userIds: Iterable<number>, roomId: number): void {
    for (const userId of userIds) {
      for (const socket of this.userSockets(userId)) {
        socket.rooms.delete(roomId);
        removeFrom(this.byRoom, roomId, socket);
      }
    }
  }

  /** Replaces a socket's subscriptions with exactly `roomIds` (after a repair from storage). */
  resubscribe(socket: ChatSocket, roomIds: Iterable<number>): void {
    const wanted = new Set(roomIds);
    for (const roomId of [...socket.rooms]) {
      if (wanted.has(roomId)) continue;
      socket.rooms.delete(roomId);
      removeFrom(this.byRoom, roomId, socket);
    }
    for (const roomId of wanted) {
      socket.rooms.add(roomId);
      addTo(this.byRoom, roomId, socket);
    }
  }

  /** Drops every subscription to a deleted room; returns the sockets that had one. */
  dropRoom(roomId: number): ReadonlySet<ChatSocket> {
    const sockets = this.byRoom.get(roomId) ?? none;
    this.byRoom.delete(roomId);
    for (const socket of sockets) socket.rooms.delete(roomId);
    return sockets;
  }

  roomSockets(roomId: number): ReadonlySet<ChatSocket> {
    return this.byRoom.get(roomId) ?? none;
  }

  userSockets(userId: number): ReadonlySet<ChatSocket> {
    return this.byUser.get(userId) ?? none;
  }

  tokenSockets(tokenHash: string): ReadonlySet<ChatSocket> {
    return this.byToken.get(tokenHash) ?? none;
  }

  all(): ChatSocket[] {
    return [...this.byUser.values()].flatMap((set) => [...set]);
  }
}
