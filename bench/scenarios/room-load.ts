import { connectAll } from '../load/connect-all.js';
import { coreBusySeconds } from '../load/core-usage.js';
import { Meter } from '../load/meter.js';
import { runOpenLoop } from '../load/open-loop.js';
import { RawClient } from '../load/raw-client.js';
import { rawSender, sdkSender, type Sender } from '../load/senders.js';
import { TimedReceiver } from '../load/timed-receiver.js';
import { userPhone, type Population } from '../servers/population.js';
import type { RunningTarget } from '../servers/targets.js';
import type { StepResult } from './results.js';

/** A room layout: every room has `roomSize` members, each one connection. */
export interface RoomLayout {
  rooms: number;
  roomSize: number;
  /** The first members of each room parse and time every message... */
  timedPerRoom: number;
  /** ...the last ones send; everyone else is a byte-counting sink. */
  sendersPerRoom: number;
  /** Rooms of two as Parley private chats. */
  direct?: boolean;
}

/** The most a sender connection sends per second: below Parley's 100 frames/s per connection. */
export const maxPerSender = 80;

export function layoutPopulation(layout: RoomLayout): Population {
  const rooms = [];
  for (let r = 0; r < layout.rooms; r++) {
    const members = Array.from({ length: layout.roomSize }, (_, k) => r * layout.roomSize + k);
    const name = layout.direct ? `private_room_${[userPhone(members[0]!), userPhone(members[1]!)].sort().join('_')}` : `room-${r}`;
    rooms.push({ name, members, ...(layout.direct ? { direct: true } : {}) });
  }
  return { users: layout.rooms * layout.roomSize, rooms };
}

/** Every connection of a layout, opened against one server, ready to run measured steps. */
export class RoomLoad {
  private readonly timed: TimedReceiver[] = [];
  private readonly sinks: RawClient[] = [];
  private readonly senders: Sender[] = [];
  private readonly senderRoom: string[] = [];
  private readonly sentPerRoom = new Map<string, number>();
  private readonly sentBySender: number[] = [];
  private keepAlive: ReturnType<typeof setInterval> | undefined;
  connected = 0;
  failed = 0;
  firstError: string | null = null;

  constructor(
    private readonly target: RunningTarget,
    private readonly layout: RoomLayout,
    private readonly population: Population,
  ) {}

  async open(onProgress: (line: string) => void): Promise<void> {
    const { target, layout } = this;
    const opens: (() => Promise<void>)[] = [];
    for (const room of this.population.rooms) {
      room.members.forEach((user, k) => {
        const token = target.tokens?.[user] ?? null;
        if (k < layout.timedPerRoom) {
          const receiver = new TimedReceiver(target.port, target.dialect, room.name, token);
          this.timed.push(receiver);
          opens.push(() => receiver.client.opened);
        } else if (k >= layout.roomSize - layout.sendersPerRoom) {
          const sender = target.name === 'parley' ? sdkSender(target.port, token!) : rawSender(target.port, target.dialect, room.name);
          this.senders.push(sender);
          this.senderRoom.push(room.name);
          this.sentBySender.push(0);
          opens.push(() => sender.open());
        } else {
          opens.push(() => {
            const hello = target.dialect.hello(token);
            const sink = new RawClient({ port: target.port, path: target.dialect.path(room.name), mode: 'sink', ready: target.dialect.ready, ...(hello ? { hello } : {}) });
            this.sinks.push(sink);
            return sink.opened;
          });
        }
      });
    }
    // Timed clients and senders are created above; sinks lazily, all opened 100 at a time.
    const result = await connectAll(opens, 100, (done) => onProgress(`${done}/${opens.length} connected`));
    this.connected = result.ok;
    this.failed = result.failed;
    this.firstError = result.firstError;
    // Unsolicited pongs keep the server's heartbeat (Parley: 30 s) content with silent clients.
    this.keepAlive = setInterval(() => {
      for (const sink of this.sinks) sink.keepAlive();
      for (const receiver of this.timed) receiver.client.keepAlive();
    }, 20_000);
    // Let presence and join traffic settle before measuring.
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }

  private sinkBytes(): number {
    let total = 0;
    for (const sink of this.sinks) total += sink.bytes;
    for (const sender of this.senders) total += sender.bytes();
    return total;
  }

  private closedCount(): number {
    let closed = 0;
    for (const sink of this.sinks) if (sink.closed) closed++;
    for (const receiver of this.timed) if (receiver.client.closed) closed++;
    for (const sender of this.senders) if (sender.isClosed()) closed++;
    return closed;
  }

  /** Offers `deliveriesPerSec` for `durationMs`, then drains up to `drainMs`. */
  async step(deliveriesPerSec: number, durationMs: number, drainMs: number): Promise<StepResult> {
    const { layout, target } = this;
    const perMessage = layout.roomSize - 1;
    const msgRate = deliveriesPerSec / perMessage;
    const startAt = performance.now() + 200;
    const meter = new Meter(startAt, startAt + durationMs);
    for (const receiver of this.timed) receiver.meter = meter;
    for (const sender of this.senders) sender.meter = meter;
    const closedBefore = this.closedCount();
    const expectedBefore = this.expectedForTimed();
    const receivedBefore = this.receivedByTimed();

    let sinkStart = 0;
    let cpuStart = 0;
    let genStart = process.cpuUsage();
    let coresStart: number[] = [];
    let coresEnd: number[] = [];
    const armed = setTimeout(() => {
      coresStart = coreBusySeconds();
      sinkStart = this.sinkBytes();
      cpuStart = target.proc.cpuSeconds();
      genStart = process.cpuUsage();
    }, Math.max(0, startAt - performance.now()));
    let sinkEnd = 0;
    let cpuEnd = 0;
    let genEnd = { user: 0, system: 0 };
    let rss = 0;
    const ended = new Promise<void>((resolve) =>
      setTimeout(() => {
        sinkEnd = this.sinkBytes();
        cpuEnd = target.proc.cpuSeconds();
        genEnd = process.cpuUsage(genStart);
        coresEnd = coreBusySeconds();
        rss = target.proc.rssBytes();
        resolve();
      }, Math.max(0, startAt + durationMs - performance.now())),
    );

    const roomsCount = this.population.rooms.length;
    const sendersPerRoom = layout.sendersPerRoom;
    await runOpenLoop({
      rate: msgRate,
      startAt,
      durationMs,
      onLag: (ms) => meter.sendLag.recordMs(ms),
      send: (i, text, intended) => {
        const room = i % roomsCount;
        const s = room * sendersPerRoom + (Math.floor(i / roomsCount) % sendersPerRoom);
        const sender = this.senders[s]!;
        const roomName = this.senderRoom[s]!;
        const n = ++this.sentBySender[s]!;
        this.sentPerRoom.set(roomName, (this.sentPerRoom.get(roomName) ?? 0) + 1);
        sender.send(roomName, text(s, n), intended);
      },
    });
    await ended;
    clearTimeout(armed);
    // Drain: wait (bounded) until the timed clients hold every message sent to their rooms.
    const expected = this.expectedForTimed() - expectedBefore;
    const drainUntil = performance.now() + drainMs;
    while (performance.now() < drainUntil && this.receivedByTimed() - receivedBefore < expected) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const missing = Math.max(0, expected - (this.receivedByTimed() - receivedBefore));
    const seconds = durationMs / 1000;
    const bytesPerPush = meter.bytesPerPush();
    const serverCpu = (cpuEnd - cpuStart) / seconds;
    const generatorCpu = (genEnd.user + genEnd.system) / 1e6 / seconds;
    const coreBusy = (core: number) => ((coresEnd[core] ?? 0) - (coresStart[core] ?? 0)) / seconds;
    const sinkDeliveries = bytesPerPush > 0 ? (sinkEnd - sinkStart) / bytesPerPush : 0;
    return {
      offeredDeliveries: deliveriesPerSec,
      offeredMessages: msgRate,
      deliveredPerSec: (sinkDeliveries + meter.timedReceived + meter.senderReceived) / seconds,
      latency: meter.latency.summary(),
      storedPerSec: target.name === 'parley' ? meter.acks / seconds : null,
      ackLatency: target.name === 'parley' ? meter.ackLatency.summary() : null,
      lost: missing + meter.gaps,
      serverCpu,
      serverRssMb: rss / 2 ** 20,
      generatorCpu,
      foreignCpu: [Math.max(0, coreBusy(0) - serverCpu), Math.max(0, coreBusy(1) - generatorCpu)],
      sendLagP99: meter.sendLag.summary().p99,
      dropped: this.closedCount() - closedBefore,
    };
  }

  private expectedForTimed(): number {
    let total = 0;
    for (const receiver of this.timed) total += this.sentPerRoom.get(receiver.room) ?? 0;
    return total;
  }

  private receivedByTimed(): number {
    let total = 0;
    for (const receiver of this.timed) for (const count of receiver.received.values()) total += count;
    return total;
  }

  close(): void {
    clearInterval(this.keepAlive);
    for (const sink of this.sinks) sink.close();
    for (const receiver of this.timed) receiver.client.close();
    for (const sender of this.senders) sender.close();
  }
}
