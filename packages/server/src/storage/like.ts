import { roomNameSkeleton } from '@parley/protocol';

/** A LIKE pattern that matches `text` anywhere, with LIKE's wildcards in it taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The key names are compared by, ignoring case. */
export function foldCase(text: string): string {
  return text.toLowerCase();
}

/** The key room names are unique by: two names with the same key cannot both exist. */
export function roomNameKey(name: string): string {
  return foldCase(name);
}

/** Both keys a new room's name is stored with: the case-folded one it is found by, and the look-alike skeleton it is unique by. */
export function roomNameKeys(name: string): { nameKey: string; nameSkeleton: string } {
  return { nameKey: roomNameKey(name), nameSkeleton: roomNameSkeleton(name) };
}
