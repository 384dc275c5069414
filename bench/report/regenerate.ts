/**
 * Rewrites a report from a saved run without measuring again (e.g. after a change to the report
 * code): `npx tsx bench/report/regenerate.ts bench/results/full.json docs`.
 */
import { readFileSync } from 'node:fs';
import type { BenchResults } from '../scenarios/results.js';
import { writeReport } from './write-report.js';

const [file = 'bench/results/full.json', outDir = 'docs'] = process.argv.slice(2);
const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
process.stdout.write(`${writeReport(results, outDir).join('\n')}\n`);
