import type { Presence, PresenceStatus } from '@parley/client';

/** Offline, with nothing known: what a person looks like before the server has said. */
export const unknownPresence: Presence = { online: false, status: 'offline', text: null, emoji: null, lastSeen: null };

/** "5 min ago", "3 h ago", "2 days ago": how long since a time, roughly. */
export function agoText(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

export const statusLabels: Record<PresenceStatus, string> = { online: 'online', away: 'away', busy: 'busy', offline: 'offline' };

/** "online", "busy", "last seen 5 min ago": a person's state in a few words. */
export function presenceText(presence: Presence, now = Date.now()): string {
  if (presence.status === 'offline') return presence.lastSeen ? `last seen ${agoText(presence.lastSeen, now)}` : 'offline';
  return statusLabels[presence.status];
}

/** The custom status as one line ("📅 In a meeting"), or null. */
export function customText(presence: Pick<Presence, 'text' | 'emoji'>): string | null {
  const text = [presence.emoji, presence.text].filter(Boolean).join(' ');
  return text === '' ? null : text;
}
