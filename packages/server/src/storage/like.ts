/** A LIKE pattern that matches `text` anywhere, with LIKE's wildcards in it taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The key names are compared by, ignoring case. */
export function foldCase(text: string): string {
  return text.toLowerCase();
}
