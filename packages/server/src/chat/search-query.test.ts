import { describe, expect, it } from 'vitest';
import { parseSearch } from './search-query.js';

const refusal = (q: string) => {
  try {
    parseSearch(q, 'UTC');
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'parsed';
};

describe('parseSearch', () => {
  it('reads is:, has: and word starts', () => {
    expect(parseSearch('plan* -old* is:dm is:mentioned has:file has:LINK has:file', 'UTC')).toMatchObject({
      include: [],
      includePrefixes: ['plan'],
      excludePrefixes: ['old'],
      dm: true,
      mentioned: true,
      has: ['file', 'link'],
    });
    expect(parseSearch('"plan*" a**', 'UTC')).toMatchObject({ include: ['plan*'], includePrefixes: ['a'] });
  });

  it('refuses unknown operators and values, and a star with no word, as invalid_input', () => {
    for (const q of ['is:x', 'has:links', 'near:3', '*', '-*', '***', '.*']) expect(refusal(q), q).toBe('invalid_input');
  });

  it('refuses 10,000 operators at once, quickly', () => {
    const started = performance.now();
    expect(refusal('is:dm '.repeat(10_000))).toBe('invalid_input');
    expect(refusal('x '.repeat(10_000))).toBe('invalid_input');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('passes FTS and tsquery syntax on as plain words', () => {
    expect(parseSearch('NEAR( OR col: AND', 'UTC').include).toEqual(['NEAR(', 'OR', 'col:', 'AND']);
  });
});
