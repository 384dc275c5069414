import type { ReceiptFrame } from '@parley/protocol';
import type { Bus, BusEvent } from '../bus/bus.js';
import type { ChatUser } from './socket.js';
import type { SocketRegistry } from './socket-registry.js';

type ReceiptEvent = Extract<BusEvent, { type: 'receipt' }>;

/**
 * Read receipts, an ephemeral signal: a member's read marker moving forward is pushed to the
 * room's other members over the bus, with no seq and nothing stored beyond the marker. Users who
 * turned receipts off are left out both ways: nobody hears of their reading, and they hear of
 * nobody's. Each node knows the setting of the users connected to it (read with the account when
 * a socket opens, kept current by the bus), so that a receipt costs no query per recipient.
 */
export class ReceiptSignals {
  /** Users connected here who turned receipts off. */
  private readonly hidden = new Set<number>();
  private readonly detach: () => void;

  constructor(
    private readonly bus: Bus,
    private readonly registry: SocketRegistry,
  ) {
    this.detach = bus.subscribe((event) => {
      if (event.type === 'receipt') this.deliver(event);
      else if (event.type === 'read_receipts') this.remember(event.userId, event.on);
    });
  }

  /** A socket of the user opened here, with the setting read from their account just now. */
  connected(userId: number, readReceipts: boolean): void {
    this.remember(userId, readReceipts);
  }

  /** The user's last socket here closed: their setting no longer matters on this node. */
  disconnected(userId: number): void {
    if (this.registry.userSockets(userId).size === 0) this.hidden.delete(userId);
  }

  /** Whether the user, connected to this node, shares receipts. */
  shares(userId: number): boolean {
    return !this.hidden.has(userId);
  }

  /** The user changed the setting: every node learns it, this one at once. */
  settingChanged(userId: number, on: boolean): void {
    this.bus.publish({ type: 'read_receipts', userId, on });
  }

  /** The reader's marker moved forward to `seq`: the room's other members who share receipts hear of it. */
  read(roomId: number, room: string, reader: ChatUser, seq: number): void {
    if (!this.shares(reader.id)) return;
    const frame: ReceiptFrame = { type: 'receipt', room, phone: reader.phone, seq };
    this.bus.publish({ type: 'receipt', roomId, readerId: reader.id, frame: JSON.stringify(frame) });
  }

  close(): void {
    this.detach();
    this.hidden.clear();
  }

  private remember(userId: number, on: boolean): void {
    if (on) this.hidden.delete(userId);
    // Kept only for users connected here, so the set stays as small as this node's sockets.
    else if (this.registry.userSockets(userId).size > 0) this.hidden.add(userId);
  }

  private deliver(event: ReceiptEvent): void {
    for (const socket of this.registry.roomSockets(event.roomId)) {
      if (socket.user.id !== event.readerId && !this.hidden.has(socket.user.id)) socket.conn.send(event.frame);
    }
  }
}
