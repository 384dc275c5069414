/** Number formatting for the report: thousands separators, fixed decimals, ratios. */
export const int = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : Math.round(n).toLocaleString('en-US'));
export const ms = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
export const pct = (n: number) => `${Math.round(n * 100)}%`;
export const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** a ÷ b to two decimals, or – when either is missing or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): string {
  if (a === null || a === undefined || b === null || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–';
  return `${(a / b).toFixed(2)}×`;
}

/** A markdown table; numbers right-aligned unless `textColumns`. */
export function table(header: string[], rows: string[][], textColumns = false): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 || textColumns ? '---' : '---:'))), ...rows.map(line)].join('\n');
}
