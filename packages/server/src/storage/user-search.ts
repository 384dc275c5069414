import { foldCase } from './like.js';

/**
 * The words of a name that user search finds it by: its case-folded name split at spaces
 * ("Dan Dalton" is found by "dan" and "dal"). The migrations split existing names the same way.
 */
export function nameWords(name: string): string[] {
  return [...new Set(foldCase(name).split(' ').filter((w) => w !== ''))];
}

/**
 * The index range of the strings that start with `prefix`, compared by code point (SQLite's
 * BINARY, PostgreSQL's "C" collation): [prefix, prefix + U+10FFFF).
 */
export function prefixRange(prefix: string): { low: string; high: string } {
  return { low: prefix, high: `${prefix}\u{10FFFF}` };
}
