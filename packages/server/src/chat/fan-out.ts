import { SeqBuffer } from '@parley/protocol';
import type { Bus, BusEvent } from '../bus/bus.js';
import type { Logger } from '../log.js';
import type { SequencerMetrics } from '../metrics/metrics.js';
import type { SocketRegistry } from './socket-registry.js';

/** A frame on its way to a room's sockets, and the connection it must skip (its sender). */
interface Outgoing {
  frame: string;
  skipConnId: string | undefined;
}

/** The stored events of a room after `after`, oldest first, framed as pushed live. */
export type EventsAfter = (roomId: number, after: number, limit: number) => Promise<{ seq: number; frame: string }[]>;

const pageSize = 200;
// Long enough for a publication from another node to overtake; short enough to go unnoticed.
const gapWaitMs = 250;

/**
 * Applies bus events to this node's sockets. Each frame arrives serialized once, whatever the
 * number of recipients. Each room's events go out in seq order, each once, through a SeqBuffer:
 * out-of-order arrivals from other nodes wait their turn, and events the bus lost are read back
 * from storage.
 */
export class FanOut {
  private readonly rooms = new Map<number, SeqBuffer<Outgoing>>();
  private readonly detach: () => void;

  constructor(
    bus: Bus,
    private readonly registry: SocketRegistry,
    private readonly eventsAfter: EventsAfter,
    private readonly log: Logger,
    private readonly metrics?: SequencerMetrics,
  ) {
    this.detach = bus.subscribe((event) => this.apply(event));
  }

  /**
   * Starts following a room from `seq` when a socket here subscribes to it. A room already
   * followed keeps its place: the older sockets may still be owed what lies between.
   */
  seen(roomId: number, seq: number): void {
    if (!this.rooms.has(roomId)) this.rooms.set(roomId, this.buffer(roomId, seq));
  }

  /** After the bus was away: reads back every followed room's events it may have missed. */
  async catchUpAll(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((room) => room.catchUp()));
  }

  forget(roomId: number): void {
    this.rooms.get(roomId)?.stop();
    this.rooms.delete(roomId);
  }

  close(): void {
    this.detach();
    for (const room of this.rooms.values()) room.stop();
    this.rooms.clear();
  }

  private buffer(roomId: number, released: number): SeqBuffer<Outgoing> {
    return new SeqBuffer<Outgoing>({
      released,
      release: (out) => this.send(roomId, out),
      fill: async (after) => {
        const events = await this.eventsAfter(roomId, after, pageSize);
        this.metrics?.gapFills.inc();
        this.metrics?.gapRepairedEntries.inc(events.length);
        return events.map((e) => ({ seq: e.seq, item: { frame: e.frame, skipConnId: undefined } }));
      },
      pageSize,
      gapWaitMs,
      onFillError: (error) => this.log.warn('could not read back missed events', { roomId, error }),
    });
  }

  private send(roomId: number, { frame, skipConnId }: Outgoing): void {
    for (const socket of this.registry.roomSockets(roomId)) {
      if (socket.conn.id !== skipConnId) socket.conn.send(frame);
    }
  }

  private apply(event: BusEvent): void {
    switch (event.type) {
      case 'room': {
        // A room first heard of now has no socket here that is owed anything older.
        let room = this.rooms.get(event.roomId);
        if (!room) {
          room = this.buffer(event.roomId, event.seq - 1);
          this.rooms.set(event.roomId, room);
        }
        room.offer(event.seq, { frame: event.frame, skipConnId: event.skipConnId });
        return;
      }
      case 'membership':
        if (event.change === 'add') this.registry.subscribe(event.userIds, event.roomId);
        else this.registry.unsubscribe(event.userIds, event.roomId);
        return;
      case 'room_deleted':
        this.forget(event.roomId);
        for (const socket of this.registry.dropRoom(event.roomId)) socket.conn.send(event.frame);
        return;
      case 'users':
        for (const userId of event.userIds) {
          for (const socket of this.registry.userSockets(userId)) if (socket.conn.id !== event.skipConnId) socket.conn.send(event.frame);
        }
        return;
      case 'revoke':
      case 'typing':
      case 'receipt':
      case 'read_receipts':
      case 'presence':
        // Closing is revocation.ts's concern; signals are their own modules'.
        return;
    }
  }
}
