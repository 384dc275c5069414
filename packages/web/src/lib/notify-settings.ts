import type { RoomKind } from '@parley/client';

/** What a chat may notify of: every message, only messages that mention one, or nothing. */
export type NotifyLevel = 'all' | 'mentions' | 'none';

const key = (phone: string) => `parley:notify:${phone}`;

/** Private chats notify of every message unless set otherwise; groups and rooms only of mentions. */
export function defaultLevel(kind: RoomKind): NotifyLevel {
  return kind === 'direct' ? 'all' : 'mentions';
}

/** Per-chat notification levels, kept on this device for one account. */
export function loadLevels(phone: string): Record<string, NotifyLevel> {
  try {
    const parsed = JSON.parse(localStorage.getItem(key(phone)) ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, NotifyLevel>) : {};
  } catch {
    return {};
  }
}

export function saveLevel(phone: string, room: string, level: NotifyLevel): Record<string, NotifyLevel> {
  const levels = { ...loadLevels(phone), [room]: level };
  localStorage.setItem(key(phone), JSON.stringify(levels));
  return levels;
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
