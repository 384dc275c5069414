import type { NotifyLevel, RoomKind } from '@parley/client';

const deviceKey = (phone: string) => `parley:notify:${phone}`;

/**
 * The levels an earlier version kept on this device only, taken once so that they move to the
 * server (where every device follows them) and are then forgotten here.
 */
export function takeDeviceLevels(phone: string): Record<string, NotifyLevel> {
  try {
    const saved = localStorage.getItem(deviceKey(phone));
    if (saved === null) return {};
    localStorage.removeItem(deviceKey(phone));
    const parsed = JSON.parse(saved) as unknown;
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, NotifyLevel] => e[1] === 'all' || e[1] === 'mentions' || e[1] === 'none'));
  } catch {
    return {};
  }
}

/**
 * Whether a message should notify: never one's own, by the chat's level, and while one is busy
 * only from private chats.
 */
export function shouldNotify(input: { kind: RoomKind; level: NotifyLevel; mentionsMe: boolean; mine: boolean; busy: boolean }): boolean {
  if (input.mine || input.level === 'none') return false;
  if (input.busy && input.kind !== 'direct') return false;
  return input.level === 'all' || input.mentionsMe;
}
