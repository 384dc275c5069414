import type { Session } from './session.js';

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

const none: ReadonlySet<Session> = new Set();

/**
 * This node's authenticated sessions, indexed by user, by token and by room, so that fan-out to
 * a room is one walk over the sessions subscribed to it.
 */
export class SessionRegistry {
  private readonly byUser = new Map<number, Set<Session>>();
  private readonly byToken = new Map<string, Set<Session>>();
  private readonly byRoom = new Map<number, Set<Session>>();

  /** Adds a session subscribed to `roomIds`. */
  add(session: Session, roomIds: Iterable<number>): void {
    addTo(this.byUser, session.user.id, session);
    addTo(this.byToken, session.tokenHash, session);
    for (const roomId of roomIds) {
      session.rooms.add(roomId);
      addTo(this.byRoom, roomId, session);
    }
  }

  /** Removes a session; returns false if it was not registered. */
  remove(session: Session): boolean {
    if (!this.byUser.get(session.user.id)?.has(session)) return false;
    removeFrom(this.byUser, session.user.id, session);
    removeFrom(this.byToken, session.tokenHash, session);
    for (const roomId of session.rooms) removeFrom(this.byRoom, roomId, session);
    session.rooms.clear();
    return true;
  }

  subscribe(userIds: Iterable<number>, roomId: number): void {
    for (const userId of userIds) {
      for (const session of this.userSessions(userId)) {
        session.rooms.add(roomId);
        addTo(this.byRoom, roomId, session);
      }
    }
  }

  unsubscribe(userIds: Iterable<number>, roomId: number): void {
    for (const userId of userIds) {
      for (const session of this.userSessions(userId)) {
        session.rooms.delete(roomId);
        removeFrom(this.byRoom, roomId, session);
      }
    }
  }

  /** Replaces a session's subscriptions with exactly `roomIds` (after a repair from storage). */
  resubscribe(session: Session, roomIds: Iterable<number>): void {
    const wanted = new Set(roomIds);
    for (const roomId of [...session.rooms]) {
      if (wanted.has(roomId)) continue;
      session.rooms.delete(roomId);
      removeFrom(this.byRoom, roomId, session);
    }
    for (const roomId of wanted) {
      session.rooms.add(roomId);
      addTo(this.byRoom, roomId, session);
    }
  }

  /** Rooms that have at least one session here. */
  roomIds(): number[] {
    return [...this.byRoom.keys()];
  }

  /** Drops every subscription to a deleted room; returns the sessions that had one. */
  dropRoom(roomId: number): ReadonlySet<Session> {
    const sessions = this.byRoom.get(roomId) ?? none;
    this.byRoom.delete(roomId);
    for (const session of sessions) session.rooms.delete(roomId);
    return sessions;
  }

  roomSessions(roomId: number): ReadonlySet<Session> {
    return this.byRoom.get(roomId) ?? none;
  }

  userSessions(userId: number): ReadonlySet<Session> {
    return this.byUser.get(userId) ?? none;
  }

  tokenSessions(tokenHash: string): ReadonlySet<Session> {
    return this.byToken.get(tokenHash) ?? none;
  }

  all(): Session[] {
    return [...this.byUser.values()].flatMap((set) => [...set]);
  }
}
