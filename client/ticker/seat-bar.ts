import type { RoundSnapshot, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { t } from '../common/i18n.ts';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 1000;
const FALLBACK = ['#4f7cff', '#f5a524', '#17c964', '#f31260', '#9353d3', '#06b7db', '#ff7a45', '#7e8aa0'];

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** One stacked bar, left to right, with labelled lines across it; drawn anew each time (a few shapes). */
function drawBar(root: SVGSVGElement, parts: Array<{ id: string; value: number; color: string; label: string }>, whole: number, lines: Array<{ at: number; kind: string; label: string }>): void {
  root.replaceChildren();
  let x = 0;
  for (const part of parts) {
    const w = whole > 0 ? (part.value / whole) * WIDTH : 0;
    const rect = svg('rect', { x, y: 6, width: w, height: 28, fill: part.color, 'data-part': part.id });
    rect.append(svg('title', {}, part.label));
    root.append(rect);
    x += w;
  }
  for (const line of lines) {
    const at = Math.min(WIDTH, Math.max(0, line.at * WIDTH));
    const mark = svg('line', { x1: at, x2: at, y1: 0, y2: 40, class: `seat-line seat-line-${line.kind}`, 'data-line': line.kind });
    mark.append(svg('title', {}, line.label));
    root.append(mark);
  }
}

/**
 * The parliament bar of a list contest (seats per list, most first, with the majority line) or the
 * yes/no bar of a referendum (with the threshold line, and the quorum line over the turnout). Plain SVG;
 * each shape has a title for assistive technology, and the figures are also in the list beside it.
 */
export function createSeatBar() {
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} 40`, class: 'seat-bar', role: 'img', preserveAspectRatio: 'none' });
  return {
    element: root,
    update(snapshot: Snapshot, round: RoundSnapshot): void {
      const p = round.projection;
      const colors = new Map(snapshot.candidates.map((c, i) => [c.id, c.color ?? FALLBACK[i % FALLBACK.length]!]));
      const name = (id: string) => round.candidates.find((c) => c.id === id)?.name ?? id;
      if (snapshot.rule.kind === 'list' && p.seats) {
        const total = snapshot.seats ?? 1;
        const parts = Object.entries(p.seats).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([id, n]) => ({ id, value: n, color: colors.get(id)!, label: t('seats.listEntry', { name: name(id), seats: n }) }));
        const majority = Math.floor(total / 2) + 1;
        drawBar(root, parts, total, [{ at: majority / total, kind: 'majority', label: t('seats.majority', { seats: majority }) }]);
        root.setAttribute('aria-label', t('seats.barLabel', { seats: total, majority }));
        root.dataset.kind = 'parliament';
        return;
      }
      if (snapshot.rule.kind === 'referendum') {
        const yes = round.candidates.find((c) => c.id === 'yes');
        const rest = round.candidates.filter((c) => c.id !== 'yes');
        const parts = [yes, ...rest].flatMap((c) => (c ? [{ id: c.id, value: c.share, color: colors.get(c.id)!, label: `${name(c.id)} ${c.share}%` }] : []));
        const lines = [{ at: snapshot.rule.threshold / 100, kind: 'threshold', label: t('referendum.thresholdLine') }];
        if (snapshot.rule.quorum !== undefined && round.turnout !== null) lines.push({ at: round.turnout / 100, kind: 'turnout', label: t('referendum.turnoutLine', { quorum: snapshot.rule.quorum }) });
        if (snapshot.rule.quorum !== undefined) lines.push({ at: snapshot.rule.quorum / 100, kind: 'quorum', label: t('referendum.quorumLine') });
        drawBar(root, parts, 100, lines);
        root.setAttribute('aria-label', t('referendum.barLabel'));
        root.dataset.kind = 'referendum';
        return;
      }
      root.replaceChildren();
      root.dataset.kind = '';
    },
  };
}
