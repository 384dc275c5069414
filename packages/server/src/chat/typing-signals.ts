import type { TypingFrame, User } from '@parley/protocol';
import type { Bus, BusEvent } from '../bus/bus.js';
import { TokenBucket } from '../limits/token-bucket.js';
import type { ChatUser } from './socket.js';
import type { SocketRegistry } from './socket-registry.js';

/** A typing state ends by itself this long after its last refresh. */
export const typingExpiryMs = 6_000;
/** Refreshes closer together than this are absorbed: clients are asked to send one every 3 s. */
const refreshMinMs = 2_500;
// Starts and stops that reach the bus, per user: beyond this they are absorbed, never refused.
const publishPerMinute = 60;
const publishBurst = 10;
/**
 * Changes in one room within this long go out as one push of the list. Without it, 100 people
 * starting to type at once cost every member 100 frames of growing lists (measured in
 * bench/presence-typing.ts); a tenth of a second is below what anyone notices in an indicator.
 */
export const typingBatchMs = 100;

interface Typist {
  user: User;
  timer: ReturnType<typeof setTimeout>;
}

/** What the node that received the frame remembers, to absorb refreshes and end typing on disconnect. */
interface Origin {
  connId: string | undefined;
  room: string;
  publishedAt: number;
}

type TypingEvent = Extract<BusEvent, { type: 'typing' }>;

/**
 * Who is typing where. Every node keeps the state of every room, built from bus events, so that
 * each can push the full list to its own sockets; each entry expires after `typingExpiryMs`, so a
 * node that dies takes its typists with it. At most once: a lost event is repaired by the next
 * refresh or the expiry.
 */
export class TypingSignals {
  private readonly rooms = new Map<number, Map<number, Typist>>();
  private readonly origins = new Map<string, Origin>();
  private readonly budgets = new Map<number, TokenBucket>();
  // Pushes waiting for the end of their room's batch: the room's name and whose state changed.
  private readonly pending = new Map<number, { room: string; changed: Set<number>; timer: ReturnType<typeof setTimeout> }>();
  private readonly detach: () => void;

  constructor(
    private readonly bus: Bus,
    private readonly registry: SocketRegistry,
    private readonly now: () => number = Date.now,
    private readonly batchMs: number = typingBatchMs,
  ) {
    this.detach = bus.subscribe((event) => {
      if (event.type === 'typing') this.apply(event);
    });
  }

  /** Whether a refresh of this user's typing in the room would be absorbed (no need to check permissions again). */
  isFreshRefresh(roomId: number, userId: number, connId: string | undefined): boolean {
    const origin = this.origins.get(`${roomId}:${userId}`);
    return origin !== undefined && origin.connId === connId && this.now() - origin.publishedAt < refreshMinMs && this.rooms.get(roomId)?.has(userId) === true;
  }

  /**
   * A member's typing frame, already authorized: tells every node, unless it changes nothing
   * anyone would see soon enough (a refresh too early, a stop of no typing) or the user's budget
   * is spent. Absorbed frames are answered like any other.
   */
  set(roomId: number, room: string, user: ChatUser, typing: boolean, connId: string | undefined): void {
    const key = `${roomId}:${user.id}`;
    const known = this.rooms.get(roomId)?.has(user.id) === true;
    if (typing && known && this.isFreshRefresh(roomId, user.id, connId)) return;
    if (!typing && !known) return;
    // Stops are free: each follows a start that was paid for.
    if (typing && !this.spend(user.id)) return;
    if (typing) this.origins.set(key, { connId, room, publishedAt: this.now() });
    else this.origins.delete(key);
    this.publish(roomId, room, user, typing);
  }

  /** The user's message arrived: their typing in that room ends with it. */
  messageSent(roomId: number, room: string, user: ChatUser): void {
    if (!this.rooms.get(roomId)?.has(user.id)) return;
    this.origins.delete(`${roomId}:${user.id}`);
    this.publish(roomId, room, user, false);
  }

  /** A socket closed: whatever typing it started ends now. */
  connectionClosed(connId: string, user: ChatUser): void {
    for (const [key, origin] of this.origins) {
      if (origin.connId !== connId) continue;
      this.origins.delete(key);
      const roomId = Number(key.slice(0, key.indexOf(':')));
      if (this.rooms.get(roomId)?.has(user.id)) this.publish(roomId, origin.room, user, false);
    }
  }

  close(): void {
    this.detach();
    for (const typists of this.rooms.values()) for (const t of typists.values()) clearTimeout(t.timer);
    this.rooms.clear();
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
  }

  private spend(userId: number): boolean {
    let bucket = this.budgets.get(userId);
    if (!bucket) {
      if (this.budgets.size > 100_000) for (const [id, b] of this.budgets) if (b.isFull()) this.budgets.delete(id);
      bucket = new TokenBucket(publishPerMinute / 60, publishBurst, this.now);
      this.budgets.set(userId, bucket);
    }
    return bucket.take();
  }

  private publish(roomId: number, room: string, user: ChatUser, typing: boolean): void {
    this.bus.publish({ type: 'typing', roomId, room, user: { id: user.id, name: user.name, phone: user.phone }, typing });
  }

  private apply(event: TypingEvent): void {
    const { roomId, user } = event;
    let typists = this.rooms.get(roomId);
    const existing = typists?.get(user.id);
    if (existing) clearTimeout(existing.timer);
    if (!event.typing) {
      if (!existing || !typists) return;
      typists.delete(user.id);
      this.afterRemoval(roomId, typists);
      this.push(roomId, event.room, user.id);
      return;
    }
    if (!typists) {
      typists = new Map();
      this.rooms.set(roomId, typists);
    }
    const timer = setTimeout(() => this.expire(roomId, event.room, user.id), typingExpiryMs);
    timer.unref?.();
    typists.set(user.id, { user: { name: user.name, phone: user.phone }, timer });
    // A refresh changes nothing anyone sees: no push.
    if (!existing) this.push(roomId, event.room, user.id);
  }

  private expire(roomId: number, room: string, userId: number): void {
    const typists = this.rooms.get(roomId);
    if (!typists?.delete(userId)) return;
    this.origins.delete(`${roomId}:${userId}`);
    this.afterRemoval(roomId, typists);
    this.push(roomId, room, userId);
  }

  private afterRemoval(roomId: number, typists: Map<number, Typist>): void {
    if (typists.size > 0) return;
    this.rooms.delete(roomId);
  }

  /** Pushes the room's list at the end of its batch (one started by the first change in it). */
  private push(roomId: number, room: string, changed: number): void {
    const waiting = this.pending.get(roomId);
    if (waiting) {
      waiting.changed.add(changed);
      return;
    }
    const timer = setTimeout(() => this.flush(roomId), this.batchMs);
    timer.unref?.();
    this.pending.set(roomId, { room, changed: new Set([changed]), timer });
  }

  /**
   * Sends the list to this node's sockets of the room, each without its own user (one
   * serialization per variant). When a single user's state changed, their own sockets see no
   * change and get nothing.
   */
  private flush(roomId: number): void {
    const waiting = this.pending.get(roomId);
    if (!waiting) return;
    this.pending.delete(roomId);
    const { room, changed } = waiting;
    const unchanged = changed.size === 1 ? [...changed][0] : undefined;
    const typists = this.rooms.get(roomId) ?? new Map<number, Typist>();
    const frames = new Map<number | null, string>();
    const frameFor = (userId: number): string => {
      const variant = typists.has(userId) ? userId : null;
      let frame = frames.get(variant);
      if (frame === undefined) {
        const users = [...typists].filter(([id]) => id !== variant).map(([, t]) => t.user);
        const body: TypingFrame = { type: 'typing', room, users };
        frame = JSON.stringify(body);
        frames.set(variant, frame);
      }
      return frame;
    };
    for (const socket of this.registry.roomSockets(roomId)) if (socket.user.id !== unchanged) socket.conn.send(frameFor(socket.user.id));
  }
}
