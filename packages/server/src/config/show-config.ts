import { optionSpecs, type OptionSpec } from './options.js';
import type { LoadedConfig } from './read-config.js';

/** A URL with its password replaced, e.g. postgres://parley:***@db/parley. */
export function maskUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return '***';
  }
}

/** An option's value as `config check` may show it: secrets masked. */
export function shownValue(spec: OptionSpec, value: string | undefined): string {
  if (value === undefined) return '(unset)';
  if (spec.secret === 'value') return '***';
  if (spec.secret === 'url-password') return maskUrlPassword(value);
  return value;
}

/** The effective configuration, one option a line: name, value (secrets masked), and where it came from. */
export function describeConfig(loaded: LoadedConfig): string {
  const rows = optionSpecs.map((spec) => [spec.name, shownValue(spec, loaded.raw[spec.name]), loaded.sources[spec.name]] as const);
  const nameWidth = Math.max(...rows.map(([name]) => name.length)) + 2;
  const valueWidth = Math.min(48, Math.max(...rows.map(([, value]) => value.length))) + 2;
  const header = `Effective configuration (flag > environment > ${loaded.file ? loaded.file : 'config file'} > default):`;
  return [header, ...rows.map(([name, value, source]) => `  ${name.padEnd(nameWidth)}${value.padEnd(valueWidth)}${source}`)].join('\n');
}
