import type { MyStatus, Presence } from '@parley/protocol';

/** What the presence port knows of one user. */
export interface PresenceFacts {
  online: boolean;
  lastActive: number | undefined;
  lastSeen: number | undefined;
}

/** The status as set, with the custom part gone once its `until` has passed. */
export function currentStatus(status: MyStatus, now: number): MyStatus {
  if (status.until === null || Date.parse(status.until) > now) return status;
  return { status: status.status, text: null, emoji: null, until: null };
}

/** An ISO time cut to the minute: last seen is shown no finer than that. */
export function toMinute(ms: number): string {
  return new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
}

/**
 * How a user looks to everyone else: invisible is offline; online but idle for `idleMs` (no input
 * in any session) is away; the last-seen time only for those shown offline.
 */
export function presenceView(status: MyStatus, facts: PresenceFacts, now: number, idleMs: number): Presence {
  const { text, emoji, status: chosen } = currentStatus(status, now);
  const online = facts.online && chosen !== 'invisible';
  if (!online) return { online: false, status: 'offline', text, emoji, lastSeen: facts.lastSeen !== undefined ? toMinute(facts.lastSeen) : null };
  const idle = facts.lastActive !== undefined && now - facts.lastActive >= idleMs;
  const shown = chosen === 'busy' ? 'busy' : chosen === 'away' || idle ? 'away' : 'online';
  return { online: true, status: shown, text, emoji, lastSeen: null };
}
