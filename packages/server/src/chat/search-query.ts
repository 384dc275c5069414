import { ParleyError } from '@parley/protocol';

/** What `has:` asks of a message. */
export type SearchHas = 'file' | 'image' | 'link' | 'reaction';
const hasValues: readonly SearchHas[] = ['file', 'image', 'link', 'reaction'];

/** A parsed message search: terms match the folded text (substrings from 3 characters, whole words below). */
export interface ParsedSearch {
  include: string[];
  exclude: string[];
  /** `word*`: a word of the message starts with it. */
  includePrefixes: string[];
  excludePrefixes: string[];
  from: string[];
  in: string[];
  /** `is:dm`: private chats only. */
  dm: boolean;
  /** `is:mentioned`: messages that mention the caller. */
  mentioned: boolean;
  has: SearchHas[];
  /** ISO instants: after ≤ ts < before. */
  after: string | null;
  before: string | null;
}

const tokenPattern = /(-?)(?:(\w+):)?(?:"([^"]*)"|(\S+))/gu;

function invalid(message: string): ParleyError {
  return new ParleyError('invalid_input', message, [{ field: 'q', message }]);
}

/** Milliseconds of UTC that local midnight of y-m-d in `tz` is. */
function localMidnight(y: number, m: number, d: number, tz: string): number {
  const guess = Date.UTC(y, m - 1, d);
  const offset = (at: number) => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(at);
    const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - at;
  };
  const first = guess - offset(guess);
  return guess - offset(first);
}

function day(value: string, op: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (!match || m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) throw invalid(`${op}: wants a date as YYYY-MM-DD, not "${value}".`);
  return [y, m, d];
}

/** A bare word ending in `*` is a prefix; the star alone, or before no letter, is refused. */
function prefixOf(value: string): string | null {
  if (!value.endsWith('*')) return null;
  const prefix = value.replace(/\*+$/u, '');
  if (!/[\p{L}\p{N}]/u.test(prefix)) throw invalid(`"${value}": a * ends a word's start, as in plan*; give a letter or digit before it.`);
  return prefix;
}

/**
 * Parses the search language (docs/protocol.md): words, "phrases", -exclusions, prefix*, from:,
 * in:, is:dm, is:mentioned, has:, before:, after:, on:, during:. Anything malformed is `invalid_input`, never passed on to a
 * database as syntax: terms reach the engines only as quoted literals or bound parameters.
 */
export function parseSearch(q: string, tz: string): ParsedSearch {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ParleyError('invalid_input', `Unknown time zone "${tz}".`, [{ field: 'tz', message: 'is not a time zone' }]);
  }
  if ((q.match(/"/g) ?? []).length % 2 === 1) throw invalid('A quote is not closed.');
  const parsed: ParsedSearch = { include: [], exclude: [], includePrefixes: [], excludePrefixes: [], from: [], in: [], dm: false, mentioned: false, has: [], after: null, before: null };
  let after = -Infinity;
  let before = Infinity;
  let count = 0;
  for (const match of q.matchAll(tokenPattern)) {
    if (++count > 20) throw invalid('At most 20 words and operators in one search.');
    const [, minus, op, quoted, bare] = match;
    const value = (quoted ?? bare ?? '').trim();
    if (!op) {
      if (value === '') continue;
      const prefix = quoted === undefined ? prefixOf(value) : null;
      if (prefix !== null) (minus ? parsed.excludePrefixes : parsed.includePrefixes).push(prefix);
      else (minus ? parsed.exclude : parsed.include).push(value);
      continue;
    }
    if (minus) throw invalid(`-${op}: cannot be negated.`);
    if (value === '') throw invalid(`${op}: needs a value.`);
    const lower = op.toLowerCase();
    if (lower === 'from') parsed.from.push(value);
    else if (lower === 'is') {
      const what = value.toLowerCase();
      if (what === 'dm') parsed.dm = true;
      else if (what === 'mentioned') parsed.mentioned = true;
      else throw invalid(`is:${value} is not known. Known: is:dm, is:mentioned.`);
    } else if (lower === 'has') {
      const what = value.toLowerCase() as SearchHas;
      if (!hasValues.includes(what)) throw invalid(`has:${value} is not known. Known: ${hasValues.map((h) => `has:${h}`).join(', ')}.`);
      if (!parsed.has.includes(what)) parsed.has.push(what);
    }
    else if (lower === 'in') parsed.in.push(value);
    else if (lower === 'before') before = Math.min(before, localMidnight(...day(value, op), tz));
    else if (lower === 'after') {
      const [y, m, d] = day(value, op);
      after = Math.max(after, localMidnight(y, m, d + 1, tz));
    } else if (lower === 'on') {
      const [y, m, d] = day(value, op);
      after = Math.max(after, localMidnight(y, m, d, tz));
      before = Math.min(before, localMidnight(y, m, d + 1, tz));
    } else if (lower === 'during') {
      const month = /^(\d{4})-(\d{2})$/.exec(value);
      if (!month || Number(month[2]) < 1 || Number(month[2]) > 12) throw invalid(`during: wants a month as YYYY-MM, not "${value}".`);
      after = Math.max(after, localMidnight(Number(month[1]), Number(month[2]), 1, tz));
      before = Math.min(before, localMidnight(Number(month[1]), Number(month[2]) + 1, 1, tz));
    } else throw invalid(`Unknown operator "${op}:". Known: from:, in:, is:, has:, before:, after:, on:, during:.`);
  }
  if (parsed.in.length > 1) throw invalid('Give in: once.');
  if (Number.isFinite(after)) parsed.after = new Date(after).toISOString();
  if (Number.isFinite(before)) parsed.before = new Date(before).toISOString();
  return parsed;
}
