import emojiRegex from 'emoji-regex';

/**
 * Whether `value` is exactly one emoji as Unicode defines them (RGI sequences: skin tones, ZWJ
 * families, flags, keycaps). The data comes from emoji-regex, generated from Unicode's own files,
 * so a new Unicode release is a dependency update, not an edit here.
 */
export function isSingleEmoji(value: string): boolean {
  if (value.length === 0 || value.length > 32) return false;
  const matches = [...value.matchAll(emojiRegex())];
  return matches.length === 1 && matches[0]![0] === value;
}
