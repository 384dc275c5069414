import { closeCodes } from '@parley/protocol';
import type { Bus, BusEvent } from '../bus/bus.js';
import type { SessionRegistry } from './session-registry.js';

/**
 * Applies bus events to this node's sessions. Each frame arrives serialized once, whatever the
 * number of recipients. It also remembers, per room, the last seq it forwarded here: after the
 * bus was away, the node repairs from that point (see repair.ts).
 */
export class FanOut {
  private readonly forwarded = new Map<number, number>();
  private readonly detach: () => void;

  constructor(
    bus: Bus,
    private readonly registry: SessionRegistry,
  ) {
    this.detach = bus.subscribe((event) => this.apply(event));
  }

  /** Delivers one stored entry's frame to the room's sessions here. */
  deliver(roomId: number, seq: number, frame: string, skipConnId?: string): void {
    if (seq > (this.forwarded.get(roomId) ?? 0)) this.forwarded.set(roomId, seq);
    for (const session of this.registry.roomSessions(roomId)) {
      if (session.conn.id !== skipConnId) session.conn.send(frame);
    }
  }

  /**
   * Starts tracking a room at `seq` when a session here subscribes to it. Only a room not yet
   * tracked: an earlier point, if any, is where a repair must start for the older sessions.
   */
  seen(roomId: number, seq: number): void {
    if (!this.forwarded.has(roomId)) this.forwarded.set(roomId, seq);
  }

  forwardedSeq(roomId: number): number | undefined {
    return this.forwarded.get(roomId);
  }

  forget(roomId: number): void {
    this.forwarded.delete(roomId);
  }

  close(): void {
    this.detach();
  }

  private apply(event: BusEvent): void {
    switch (event.type) {
      case 'room':
        this.deliver(event.roomId, event.seq, event.frame, event.skipConnId);
        return;
      case 'membership':
        if (event.change === 'add') this.registry.subscribe(event.userIds, event.roomId);
        else this.registry.unsubscribe(event.userIds, event.roomId);
        return;
      case 'room_deleted':
        this.forget(event.roomId);
        for (const session of this.registry.dropRoom(event.roomId)) session.conn.send(event.frame);
        return;
      case 'users':
        for (const userId of event.userIds) {
          for (const session of this.registry.userSessions(userId)) session.conn.send(event.frame);
        }
        return;
      case 'revoke':
        for (const session of [...this.registry.tokenSessions(event.tokenHash)]) {
          session.conn.close(closeCodes.sessionEnded, 'signed out');
        }
        return;
    }
  }
}
