/**
 * Puts one section of a run into an existing benchmarks.md without touching the rest: a partial
 * run (`npm run bench -- --only=abuse`) writes its report under bench/results/partial/, and this
 * carries its abuse section into docs/benchmarks.md. A full run writes the section itself.
 * Run: `npx tsx bench/report/splice-section.ts [bench/results/partial.json] [docs/benchmarks.md]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { BenchResults } from '../scenarios/results.js';
import { abuseHeading, abuseSection } from './abuse-section.js';

/** `markdown` with the section under `heading` replaced by `section` (added before the disturbance notes, else at the end, when missing). */
export function spliceSection(markdown: string, heading: string, section: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  const body = section.trim().split('\n');
  if (start >= 0) {
    let end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
    if (end < 0) end = lines.length;
    return [...lines.slice(0, start), ...body, '', ...lines.slice(end)].join('\n').trimEnd() + '\n';
  }
  const before = lines.indexOf('## Disturbance');
  if (before < 0) return `${markdown.trimEnd()}\n\n${section.trim()}\n`;
  return [...lines.slice(0, before), ...body, '', ...lines.slice(before)].join('\n');
}

if (process.argv[1]?.endsWith('splice-section.ts')) {
  const [file = 'bench/results/partial.json', target = 'docs/benchmarks.md'] = process.argv.slice(2);
  const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  const section = abuseSection(results);
  if (!section) throw new Error(`${file} has no abuse runs`);
  writeFileSync(target, spliceSection(readFileSync(target, 'utf8'), abuseHeading, section));
  process.stdout.write(`${target}: ${abuseHeading.slice(3)} updated from ${file}\n`);
}
