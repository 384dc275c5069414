import type { HistoryEntry, RoomKind, User } from '@parley/client';
import { systemText } from './system-text.js';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const shortDateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const longDateFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "14:05" for a time in a message. */
export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** A compact time for the room list: the time today, "Yesterday", or the date. */
export function formatListTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (sameDay(date, now)) return timeFormat.format(date);
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(date, yesterday)) return 'Yesterday';
  return shortDateFormat.format(date);
}

/** The label of a day separator: "Today", "Yesterday", or the full date. */
export function formatDay(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (sameDay(date, now)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(date, yesterday)) return 'Yesterday';
  return longDateFormat.format(date);
}

/** A key that is equal for two timestamps on the same local day. */
export function dayKey(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

/** Up to two initials for an avatar. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [words[0]];
  return letters
    .map((w) => (w ? Array.from(w)[0] ?? '' : ''))
    .join('')
    .toUpperCase() || '?';
}

/** One line that sums up a history entry, for the room list. */
export function previewOf(entry: HistoryEntry, me: User | null, showSender: boolean, kind: RoomKind, plain: (text: string) => string = (t) => t): string {
  if (entry.type === 'system') return systemText(entry, kind, me);
  if (entry.type !== 'message') return '';
  const text = entry.text === undefined ? 'This message was deleted' : plain(entry.text).replace(/\s+/g, ' ').trim();
  if (me && entry.from.phone === me.phone) return `You: ${text}`;
  return showSender ? `${entry.from.name}: ${text}` : text;
}
