import { TARGET_LABELS, TARGETS } from './names.ts';
import type { RunResult } from './result.ts';

/** An SVG chart of latency against subscribers, drawn by code (no network, no library). Pure. */

export interface ChartPoint {
  subscribers: number;
  p50: number;
  p99: number;
}

export interface ChartSeries {
  name: string;
  color: string;
  points: ChartPoint[];
}

const COLORS: Record<string, string> = { tallyroom: '#c2185b', socketio: '#1565c0', rawws: '#2e7d32', multi: '#ef6c00' };
const W = 780;
const H = 420;
const PAD = { left: 64, right: 210, top: 36, bottom: 52 };

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The series of a run: one per server kind over the single-process steps, and the multi-process steps. */
export function chartSeries(result: RunResult): ChartSeries[] {
  const series: ChartSeries[] = TARGETS.map((target) => ({
    name: `${TARGET_LABELS[target]} (1 process)`,
    color: COLORS[target]!,
    points: result.steps
      .filter((s) => s.serverProcesses === 1)
      .flatMap((s) => s.measurements.filter((m) => m.target === target).map((m) => ({ subscribers: s.subscribers, p50: m.latency.p50, p99: m.latency.p99 }))),
  }));
  const multi = result.steps.filter((s) => s.serverProcesses > 1 && !s.skipped);
  if (multi.length) {
    series.push({
      name: `Tallyroom (${multi[0]!.serverProcesses} processes)`,
      color: COLORS.multi!,
      points: multi.flatMap((s) => s.measurements.map((m) => ({ subscribers: s.subscribers, p50: m.latency.p50, p99: m.latency.p99 }))),
    });
  }
  return series.filter((s) => s.points.length > 0);
}

/** "Nice" axis ticks: 1, 2 or 5 times a power of ten, about `count` of them from 0 to past `max`. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = 0; t < max + step; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** p50 (solid) and p99 (dashed) latency in ms against subscribers (log scale), one colour per series. */
export function latencyChart(series: ChartSeries[], title: string): string {
  const xs = series.flatMap((s) => s.points.map((p) => p.subscribers));
  const ys = series.flatMap((s) => s.points.map((p) => p.p99)).filter(Number.isFinite);
  const xMin = Math.log10(Math.min(...xs, 1000) / 1.5);
  const xMax = Math.log10(Math.max(...xs, 1000) * 1.5);
  const yTicks = niceTicks(Math.max(...ys, 1));
  const yMax = yTicks.at(-1)!;
  const px = (x: number) => PAD.left + ((Math.log10(x) - xMin) / (xMax - xMin)) * (W - PAD.left - PAD.right);
  const py = (y: number) => H - PAD.bottom - (Math.min(y, yMax) / yMax) * (H - PAD.top - PAD.bottom);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${escape(title)}</text>`);
  for (const t of yTicks) {
    out.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${py(t)}" y2="${py(t)}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${PAD.left - 6}" y="${py(t) + 4}" text-anchor="end">${t}</text>`);
  }
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    out.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${px(x)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${x.toLocaleString('en')}</text>`);
  }
  out.push(`<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 12}" text-anchor="middle">subscribers (log scale)</text>`);
  out.push(`<text x="16" y="${(PAD.top + H - PAD.bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(PAD.top + H - PAD.bottom) / 2})">latency, ms (p50 solid, p99 dashed)</text>`);
  series.forEach((s, i) => {
    const points = [...s.points].sort((a, b) => a.subscribers - b.subscribers);
    for (const [key, dash] of [['p50', ''], ['p99', ' stroke-dasharray="6 4"']] as const) {
      const coords = points.map((p) => `${px(p.subscribers).toFixed(1)},${py(p[key]).toFixed(1)}`).join(' ');
      out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${coords}"/>`);
      for (const p of points) out.push(`<circle cx="${px(p.subscribers).toFixed(1)}" cy="${py(p[key]).toFixed(1)}" r="3" fill="${s.color}"><title>${escape(`${s.name}, ${p.subscribers} subscribers: ${key} ${p[key].toFixed(2)} ms`)}</title></circle>`);
    }
    const ly = PAD.top + 10 + i * 20;
    out.push(`<line x1="${W - PAD.right + 12}" x2="${W - PAD.right + 32}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"/>`);
    out.push(`<text x="${W - PAD.right + 38}" y="${ly + 4}">${escape(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
