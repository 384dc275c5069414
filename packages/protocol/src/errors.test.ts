import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { closeCodes, shouldReconnect } from './close-codes.js';
import { errorCodes } from './errors.js';
import { limits } from './rules.js';

// docs/protocol.md is the contract engineers read; these tests keep it in step with the registries.
const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');

/** The text of the `## title` section, up to the next level-2 heading. */
function section(title: string): string {
  const lines = doc.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${title}`);
  if (start === -1) throw new Error(`docs/protocol.md has no "## ${title}" section`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('## '));
  return (end === -1 ? rest : rest.slice(0, end)).join('\n');
}

/** The body rows of the Markdown tables in `text`, as trimmed cells (header and divider rows skipped). */
function tableRows(text: string): string[][] {
  const rows = text
    .split('\n')
    .filter((line) => line.trim().startsWith('|'))
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  return rows.filter((cells, i) => !cells.every((c) => /^:?-+:?$/.test(c)) && !(rows[i + 1]?.every((c) => /^:?-+:?$/.test(c)) ?? false));
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, '');

describe('error registry', () => {
  const rows = tableRows(section('Error codes'));
  const byCode = new Map(rows.map((cells) => [unquote(cells[0] ?? ''), cells]));

  it('is documented in docs/protocol.md, every code with its status', () => {
    for (const [code, { status }] of Object.entries(errorCodes)) {
      const row = byCode.get(code);
      expect(row, `error code ${code} is missing from the "Error codes" table`).toBeDefined();
      expect(row?.[1], `HTTP status of ${code}`).toBe(String(status));
    }
  });

  it('says of every code whether it is retryable, as the registry does', () => {
    for (const [code, { retryable }] of Object.entries(errorCodes)) {
      expect(byCode.get(code)?.[2], `retryable of ${code}`).toBe(retryable ? 'yes' : 'no');
    }
  });

  it('documents no code that the registry does not have', () => {
    expect([...byCode.keys()].filter((code) => !Object.hasOwn(errorCodes, code))).toEqual([]);
    expect(rows).toHaveLength(Object.keys(errorCodes).length);
  });
});

describe('close codes', () => {
  const text = section('Close codes');
  const rows = tableRows(text);
  const byNumber = new Map(rows.map((cells) => [Number(cells[0]), cells]));

  it('are documented in docs/protocol.md, every number with its name', () => {
    for (const [name, code] of Object.entries(closeCodes)) {
      expect(text, `close code ${code} (${name}) is missing from the "Close codes" section`).toContain(String(code));
      const row = byNumber.get(code);
      expect(row, `close code ${code} has no row in the "Close codes" table`).toBeDefined();
      expect(unquote(row?.[1] ?? ''), `name of close code ${code}`).toBe(name);
    }
  });

  it('say whether to reconnect, as shouldReconnect does', () => {
    for (const code of Object.values(closeCodes)) {
      const advice = byNumber.get(code)?.[3] ?? '';
      expect(advice.startsWith(shouldReconnect(code) ? 'yes' : 'no'), `reconnect advice for ${code}: "${advice}"`).toBe(true);
    }
  });

  it('lists no code that closeCodes does not have', () => {
    const known = new Set<number>(Object.values(closeCodes));
    expect([...byNumber.keys()].filter((code) => !known.has(code))).toEqual([]);
  });
});

describe('limits', () => {
  it('are documented in docs/protocol.md with their values', () => {
    const rows = tableRows(section('Conventions'));
    const byName = new Map(rows.map((cells) => [unquote(cells[0] ?? ''), cells]));
    for (const [name, value] of Object.entries(limits)) {
      expect(byName.get(name)?.[1], `limit ${name}`).toBe(String(value));
    }
  });
});
