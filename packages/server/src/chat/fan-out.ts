import { closeCodes } from '@parley/protocol';
import type { Bus, BusEvent } from '../bus/bus.js';
import type { Logger } from '../log.js';
import type { SequencerMetrics } from '../metrics/metrics.js';
import { RoomSequencer } from './room-sequencer.js';
import type { SessionRegistry } from './session-registry.js';

/** A frame on its way to a room's sessions, and the connection it must skip (its sender). */
interface Outgoing {
  frame: string;
  skipConnId: string | undefined;
}

/** The stored entries of a room after `after`, oldest first, framed as pushed live. */
export type EntriesAfter = (roomId: number, after: number, limit: number) => Promise<{ seq: number; frame: string }[]>;

const pageSize = 200;
// Long enough for a publication from another node to overtake; short enough to go unnoticed.
const gapWaitMs = 250;

/**
 * Applies bus events to this node's sessions. Each frame arrives serialized once, whatever the
 * number of recipients. Each room's entries go out in seq order, each once, through a
 * RoomSequencer: out-of-order arrivals from other nodes wait their turn, and entries the bus
 * lost are read back from storage.
 */
export class FanOut {
  private readonly rooms = new Map<number, RoomSequencer<Outgoing>>();
  private readonly detach: () => void;

  constructor(
    bus: Bus,
    private readonly registry: SessionRegistry,
    private readonly entriesAfter: EntriesAfter,
    private readonly log: Logger,
    private readonly metrics?: SequencerMetrics,
  ) {
    this.detach = bus.subscribe((event) => this.apply(event));
  }

  /**
   * Starts following a room from `seq` when a session here subscribes to it. A room already
   * followed keeps its place: the older sessions may still be owed what lies between.
   */
  seen(roomId: number, seq: number): void {
    if (!this.rooms.has(roomId)) this.rooms.set(roomId, this.sequencer(roomId, seq));
  }

  /** After the bus was away: reads back every followed room's entries it may have missed. */
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

  private sequencer(roomId: number, released: number): RoomSequencer<Outgoing> {
    return new RoomSequencer<Outgoing>(
      released,
      (out) => this.send(roomId, out),
      async (after) => {
        const entries = await this.entriesAfter(roomId, after, pageSize);
        this.metrics?.gapFills.inc();
        this.metrics?.gapRepairedEntries.inc(entries.length);
        return entries.map((e) => ({ seq: e.seq, item: { frame: e.frame, skipConnId: undefined } }));
      },
      pageSize,
      gapWaitMs,
      (error) => this.log.warn('could not read back missed entries', { roomId, error }),
    );
  }

  private send(roomId: number, { frame, skipConnId }: Outgoing): void {
    for (const session of this.registry.roomSessions(roomId)) {
      if (session.conn.id !== skipConnId) session.conn.send(frame);
    }
  }

  private apply(event: BusEvent): void {
    switch (event.type) {
      case 'room': {
        // A room first heard of now has no session here that is owed anything older.
        let room = this.rooms.get(event.roomId);
        if (!room) {
          room = this.sequencer(event.roomId, event.seq - 1);
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
