/** A line chart as a standalone SVG string: linear x, linear or log y, a legend, no dependencies. */
export interface ChartSeries {
  name: string;
  color: string;
  dashed?: boolean;
  points: { x: number; y: number }[];
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  yLog?: boolean;
  /** A horizontal reference line (e.g. the 50 ms limit). */
  yRule?: { y: number; label: string };
  formatX?: (x: number) => string;
}

const W = 760;
const H = 420;
const M = { left: 70, right: 20, top: 40, bottom: 60 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function niceTicks(min: number, max: number, count: number): number[] {
  const span = max - min || 1;
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? mag * 10;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step / 1e6 && ticks.length < 50; t += step) ticks.push(t);
  return ticks;
}

export function lineChart(options: ChartOptions): string {
  const points = options.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const xMax = Math.max(1, ...points.map((p) => p.x)) * 1.05;
  const ys = points.map((p) => p.y).concat(options.yRule ? [options.yRule.y] : []);
  const yLog = options.yLog ?? false;
  const yMinRaw = yLog ? Math.max(0.01, Math.min(...ys.filter((y) => y > 0), 1)) : 0;
  const yMaxRaw = Math.max(...ys, yLog ? 1 : 1e-9);
  const yMin = yLog ? 10 ** Math.floor(Math.log10(yMinRaw)) : 0;
  const yMax = yLog ? 10 ** Math.ceil(Math.log10(yMaxRaw)) : yMaxRaw * 1.1;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const px = (x: number) => M.left + (x / xMax) * plotW;
  const py = (y: number) => {
    const f = yLog ? (Math.log10(Math.max(y, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin)) : y / yMax;
    return M.top + plotH - f * plotH;
  };
  const fmtX = options.formatX ?? ((x: number) => String(x));
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(options.title)}</text>`);
  for (const t of niceTicks(0, xMax, 6)) {
    out.push(`<line x1="${px(t)}" y1="${M.top}" x2="${px(t)}" y2="${M.top + plotH}" stroke="#eee"/>`);
    out.push(`<text x="${px(t)}" y="${M.top + plotH + 16}" text-anchor="middle">${esc(fmtX(t))}</text>`);
  }
  const yTicks = yLog
    ? Array.from({ length: Math.round(Math.log10(yMax / yMin)) + 1 }, (_, i) => yMin * 10 ** i)
    : niceTicks(0, yMax, 6);
  for (const t of yTicks) {
    out.push(`<line x1="${M.left}" y1="${py(t)}" x2="${M.left + plotW}" y2="${py(t)}" stroke="#eee"/>`);
    out.push(`<text x="${M.left - 6}" y="${py(t) + 4}" text-anchor="end">${t >= 1 || t === 0 ? Number(t.toPrecision(3)) : t}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${M.left + plotW / 2}" y="${H - 18}" text-anchor="middle">${esc(options.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`);
  if (options.yRule) {
    const y = py(options.yRule.y);
    out.push(`<line x1="${M.left}" y1="${y}" x2="${M.left + plotW}" y2="${y}" stroke="#c00" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${M.left + plotW - 4}" y="${y - 4}" text-anchor="end" fill="#c00">${esc(options.yRule.label)}</text>`);
  }
  options.series.forEach((s, i) => {
    const pts = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    if (pts.length > 0) {
      const d = pts.map((p, j) => `${j === 0 ? 'M' : 'L'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`);
      for (const p of pts) out.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3" fill="${s.color}"/>`);
    }
    const ly = M.top + 14 + i * 16;
    out.push(`<line x1="${M.left + 10}" y1="${ly - 4}" x2="${M.left + 34}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`);
    out.push(`<text x="${M.left + 40}" y="${ly}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
