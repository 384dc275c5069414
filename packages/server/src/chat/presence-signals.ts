import type { MyStatus, Presence as PresenceState, PresenceFrame, PresencesFrame } from '@parley/protocol';
import type { Bus, BusEvent } from '../bus/bus.js';
import type { Presence } from '../presence/presence.js';
import type { Storage, UserRecord } from '../storage/storage.js';
import { currentStatus, presenceView } from './presence-view.js';
import type { SocketRegistry } from './socket-registry.js';

/** How presence moves in time; shorter values let tests run in seconds. */
export interface PresenceTimings {
  /** A user whose last session closed is announced offline after this (default 30 s). */
  graceMs: number;
  /** No input in any session for this long shows a user as away (default 10 minutes). */
  idleMs: number;
  /** At most one presence frame per recipient, and one announcement per user, in this long (default 1 s). */
  batchMs: number;
}

export const defaultPresenceTimings: PresenceTimings = { graceMs: 30_000, idleMs: 600_000, batchMs: 1000 };

/** Activity reports closer together than this (per user, per node) are absorbed: the SDK sends one a minute. */
const activityMinMs = 30_000;
/** setTimeout's longest delay; a custom status clearing later than that is cleared when read. */
const timerMaxMs = 2 ** 31 - 1;

type Entry = Omit<PresenceFrame, 'type'>;
type PresenceEvent = Extract<BusEvent, { type: 'presence' }>;

/**
 * Presence as an ephemeral signal. The node where something happens (a first or last session, an
 * input after idling, idling itself, a status change) announces the user's new look to the users
 * who share a room with them, over the bus; every node then batches what its sockets are owed,
 * so that each recipient gets at most one frame per `batchMs`, whatever the number of users
 * coming and going (`presences` carries several). A last session closing is announced only after
 * `graceMs`, so a reload or a reconnect says nothing. Invisible users look offline, and their
 * connecting, leaving and idling are never announced.
 */
export class PresenceSignals {
  private readonly graceTimers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly idleTimers = new Map<number, { at: number; timer: ReturnType<typeof setTimeout> }>();
  private readonly untilTimers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly activityAt = new Map<number, number>();
  // Announcements, per user: when the last went out, and one waiting.
  private readonly announcedAt = new Map<number, number>();
  private readonly waiting = new Map<number, { timer: ReturnType<typeof setTimeout>; status: boolean }>();
  // Delivery on this node: the entries announced since the last flush, and per recipient user
  // which of them it is owed (by phone, so a newer entry about someone replaces an older one).
  private readonly batch: Entry[] = [];
  private readonly owed = new Map<number, Map<string, number>>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private flushedAt = 0;
  private readonly detach: () => void;
  private stopped = false;

  constructor(
    private readonly bus: Bus,
    private readonly presence: Presence,
    private readonly storage: Storage,
    private readonly registry: SocketRegistry,
    readonly timings: PresenceTimings = defaultPresenceTimings,
    private readonly now: () => number = Date.now,
  ) {
    this.detach = bus.subscribe((event) => {
      if (event.type === 'presence') this.owe(event);
    });
  }

  /** How these users look to others now. */
  async viewsOf(users: readonly UserRecord[]): Promise<Map<number, PresenceState>> {
    const ids = users.map((u) => u.id);
    const [online, active, seen] = await Promise.all([this.presence.onlineAmong(ids), this.presence.lastActiveAmong(ids), this.presence.lastSeenAmong(ids)]);
    const now = this.now();
    return new Map(users.map((u) => [u.id, presenceView(u.status, { online: online.has(u.id), lastActive: active.get(u.id), lastSeen: seen.get(u.id) }, now, this.timings.idleMs)]));
  }

  /** A socket of the user opened here (already registered). */
  async sessionOpened(userId: number): Promise<void> {
    const first = await this.presence.sessionOpened(userId);
    const before = await this.presence.touch(userId, this.now());
    this.armIdle(userId, this.now());
    const grace = this.graceTimers.get(userId);
    if (first && grace) {
      // Back within the grace period: nobody was told of the leave, so nothing to say.
      clearTimeout(grace);
      this.graceTimers.delete(userId);
      if (before !== null && this.now() - before >= this.timings.idleMs) this.schedule(userId, false);
      return;
    }
    if (first || (before !== null && this.now() - before >= this.timings.idleMs)) this.schedule(userId, false);
  }

  /** A socket of the user closed here (already unregistered). */
  async sessionClosed(userId: number): Promise<void> {
    if (!(await this.presence.sessionClosed(userId))) return;
    const closedAt = this.now();
    clearTimeout(this.graceTimers.get(userId));
    const timer = setTimeout(() => {
      this.graceTimers.delete(userId);
      this.activityAt.delete(userId);
      void this.leaveAfterGrace(userId, closedAt).catch(() => undefined);
    }, this.timings.graceMs);
    timer.unref();
    this.graceTimers.set(userId, timer);
  }

  /** Input in one of the user's sessions here; reports closer than 30 s apart are absorbed. */
  async active(userId: number): Promise<void> {
    const now = this.now();
    const last = this.activityAt.get(userId);
    if (last !== undefined && now - last < activityMinMs) return;
    this.activityAt.set(userId, now);
    const before = await this.presence.touch(userId, now);
    this.armIdle(userId, now);
    if (before !== null && now - before >= this.timings.idleMs) this.schedule(userId, false);
  }

  /** The user set a status (already stored): going invisible is the last time they were seen. */
  async statusSet(userId: number, before: MyStatus, after: MyStatus): Promise<void> {
    if (after.status === 'invisible' && before.status !== 'invisible') await this.presence.setLastSeen(userId, this.now());
    clearTimeout(this.untilTimers.get(userId));
    this.untilTimers.delete(userId);
    const delay = after.until === null ? null : Date.parse(after.until) - this.now();
    if (delay !== null && delay > 0 && delay < timerMaxMs) {
      const timer = setTimeout(() => {
        this.untilTimers.delete(userId);
        this.schedule(userId, true);
      }, delay);
      timer.unref();
      this.untilTimers.set(userId, timer);
    }
    this.schedule(userId, true);
  }

  close(): void {
    this.stopped = true;
    this.detach();
    for (const t of this.graceTimers.values()) clearTimeout(t);
    for (const t of this.idleTimers.values()) clearTimeout(t.timer);
    for (const t of this.untilTimers.values()) clearTimeout(t);
    for (const w of this.waiting.values()) clearTimeout(w.timer);
    clearTimeout(this.flushTimer);
  }

  private async leaveAfterGrace(userId: number, closedAt: number): Promise<void> {
    if ((await this.presence.onlineAmong([userId])).has(userId)) return;
    const user = await this.storage.users.findUserById(userId);
    // An invisible user's last seen stays when they went invisible.
    if (user && currentStatus(user.status, this.now()).status !== 'invisible') await this.presence.setLastSeen(userId, closedAt);
    this.schedule(userId, false);
  }

  /** Idle is noticed by the node that recorded the newest input; a newer input anywhere moves it on. */
  private armIdle(userId: number, at: number): void {
    clearTimeout(this.idleTimers.get(userId)?.timer);
    const timer = setTimeout(() => {
      this.idleTimers.delete(userId);
      void Promise.all([this.presence.lastActiveAmong([userId]), this.presence.onlineAmong([userId])]).then(([active, online]) => {
        // Someone who left meanwhile was announced offline already: idling is no news.
        if ((active.get(userId) ?? at) <= at && online.has(userId)) this.schedule(userId, false);
      }, () => undefined);
    }, this.timings.idleMs);
    timer.unref();
    this.idleTimers.set(userId, { at, timer });
  }

  /**
   * Announces the user's look soon: at once (next turn, so a burst coalesces) unless an
   * announcement went out less than `batchMs` ago. `status`: caused by a status change, the only
   * cause that is announced for an invisible user.
   */
  private schedule(userId: number, status: boolean): void {
    if (this.stopped) return;
    const pending = this.waiting.get(userId);
    if (pending) {
      pending.status ||= status;
      return;
    }
    const delay = Math.max(0, (this.announcedAt.get(userId) ?? -Infinity) + this.timings.batchMs - this.now());
    const entry = {
      status,
      timer: setTimeout(() => {
        this.waiting.delete(userId);
        void this.announce(userId, entry.status).catch(() => undefined);
      }, delay),
    };
    entry.timer.unref();
    this.waiting.set(userId, entry);
  }

  private async announce(userId: number, byStatus: boolean): Promise<void> {
    const user = await this.storage.users.findUserById(userId);
    if (!user || this.stopped) return;
    if (!byStatus && currentStatus(user.status, this.now()).status === 'invisible') return;
    const view = (await this.viewsOf([user])).get(userId)!;
    // Always said, even if this node said the same last: another node may have said otherwise since.
    const entry: Entry = { phone: user.phone, ...view };
    this.announcedAt.set(userId, this.now());
    const roomIds = (await this.storage.rooms.roomSeqsOfUser(userId)).map((r) => r.roomId);
    if (roomIds.length > 0) this.bus.publish({ type: 'presence', userId, roomIds, entry });
  }

  private owe(event: PresenceEvent): void {
    let any = false;
    const index = this.batch.push(event.entry) - 1;
    // The sockets subscribed to a room here are exactly its members' sessions on this node.
    for (const roomId of event.roomIds) {
      for (const socket of this.registry.roomSockets(roomId)) {
        const recipient = socket.user.id;
        if (recipient === event.userId) continue;
        let entries = this.owed.get(recipient);
        if (!entries) {
          entries = new Map();
          this.owed.set(recipient, entries);
        }
        entries.set(event.entry.phone, index);
        any = true;
      }
    }
    if (!any || this.flushTimer || this.stopped) return;
    const delay = Math.max(0, this.flushedAt + this.timings.batchMs - this.now());
    this.flushTimer = setTimeout(() => this.flush(), delay);
    this.flushTimer.unref();
  }

  /** One frame per recipient: `presence` for one user's change, `presences` for several. */
  private flush(): void {
    this.flushTimer = undefined;
    this.flushedAt = this.now();
    const owed = [...this.owed];
    this.owed.clear();
    const batch = this.batch.splice(0);
    // Members of the same rooms are owed the same entries: serialize each distinct list once.
    const texts = new Map<string, string>();
    for (const [userId, entries] of owed) {
      const indexes = [...entries.values()];
      const key = indexes.join(',');
      let text = texts.get(key);
      if (text === undefined) {
        const list = indexes.map((i) => batch[i]!);
        const frame: PresenceFrame | PresencesFrame = list.length === 1 ? { type: 'presence', ...list[0]! } : { type: 'presences', users: list };
        text = JSON.stringify(frame);
        texts.set(key, text);
      }
      for (const socket of this.registry.userSockets(userId)) socket.conn.send(text);
    }
  }
}
