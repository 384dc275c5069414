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
