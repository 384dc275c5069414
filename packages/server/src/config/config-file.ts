import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { optionSpecs } from './options.js';

/** The options a config file sets, as text (parsed later like flags and variables), and what was wrong with it. */
export interface ConfigFileValues {
  values: Map<string, string>;
  problems: string[];
}

const known = new Set<string>(optionSpecs.map((s) => s.name));

/**
 * Reads a flat TOML (`.toml`) or JSON (`.json`) file whose keys are the options' names, e.g.
 * `data-dir = "/var/lib/parley"`. Numbers and booleans may be written as such, and a list
 * (allowed-origins) as an array. Every problem is reported, not just the first.
 */
export function readConfigFile(path: string): ConfigFileValues {
  const name = basename(path);
  const problems: string[] = [];
  const values = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    return { values, problems: [`Cannot read the config file ${path}: ${why}.`] };
  }
  let document: unknown;
  const extension = extname(path).toLowerCase();
  try {
    if (extension === '.toml') document = parseToml(text);
    else if (extension === '.json') document = JSON.parse(text);
    else return { values, problems: [`The config file ${path} must end in .toml or .json, so that Parley knows how to read it.`] };
  } catch (error) {
    if (error instanceof TomlError) {
      const what = (error.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
      return { values, problems: [`${name}, line ${error.line}, column ${error.column}: ${what}.`] };
    }
    return { values, problems: [`${name} is not valid JSON: ${(error as Error).message}.`] };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { values, problems: [`${name} must hold a table of options (key = value), not a single value.`] };
  }
  for (const [key, value] of Object.entries(document)) {
    if (key === 'config') {
      problems.push(`${name}: a config file cannot name another config file (key "config").`);
      continue;
    }
    if (!known.has(key)) {
      problems.push(`${name}: unknown option "${key}"; the keys are the options of --help without the dashes, e.g. data-dir.`);
      continue;
    }
    const asText = toText(value, key === 'allowed-origins');
    if (asText === undefined) problems.push(`${name}: "${key}" must be a string, a number or true/false${key === 'allowed-origins' ? ', or a list of strings' : ''}.`);
    else values.set(key, asText);
  }
  return { values, problems };
}

function toText(value: unknown, listAllowed: boolean): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (listAllowed && Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
  return undefined;
}
