/**
 * The emoji one picked lately, newest first, per device (localStorage) as Slack and WhatsApp keep
 * them: the picker shows them first, so the usual ones are a tap away.
 */
const key = 'parley.recentEmoji';
const kept = 16;

export function recentEmoji(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    // Whatever another version or a hand left there, only short strings come back.
    return Array.isArray(value) ? value.filter((e): e is string => typeof e === 'string' && e.length > 0 && e.length <= 32).slice(0, kept) : [];
  } catch {
    return [];
  }
}

/** Puts an emoji first among the recent ones. */
export function rememberEmoji(emoji: string): void {
  try {
    localStorage.setItem(key, JSON.stringify([emoji, ...recentEmoji().filter((e) => e !== emoji)].slice(0, kept)));
  } catch {
    // Storage disabled or full: the list stays as it was.
  }
}
