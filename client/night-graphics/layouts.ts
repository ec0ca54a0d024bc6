import type { NightContest, NightSnapshot } from '../../shared/schemas/night.schema.ts';
import { h, setVar } from '../common/dom.ts';
import { formatCount, formatCounted } from '../common/format.ts';
import { nameFor, t } from '../common/i18n.ts';
import { contestHeadline, keyLines, partyName } from '../night/night-view.ts';

/** The night's layouts on air: `seats` (the chamber), `key-contests`, `ticker` (one contest at a time). */
export const NIGHT_LAYOUTS = ['seats', 'key-contests', 'ticker'] as const;
export type NightLayout = (typeof NIGHT_LAYOUTS)[number];

/** The layout a query asks for; anything else is `seats`. */
export function nightLayout(search: string): NightLayout {
  const asked = new URLSearchParams(search).get('layout');
  return (NIGHT_LAYOUTS as readonly string[]).includes(asked ?? '') ? (asked as NightLayout) : 'seats';
}

/** The chamber: a bar of won and leading seats per party, the majority line, the parties' figures. */
export function seatsLayout(night: NightSnapshot): HTMLElement {
  const { summary } = night;
  const total = Math.max(1, summary.seats.total);
  const bar = h('div', { class: 'gn-bar' });
  for (const p of summary.parties) {
    for (const kind of ['won', 'leading'] as const) {
      if (p[kind] === 0) continue;
      const seg = h('span', { class: `gn-seg gn-${kind}`, attrs: { 'data-party': p.party ?? '' } });
      setVar(seg, '--seats', String(p[kind] / total));
      if (p.color) setVar(seg, '--color', p.color);
      bar.append(seg);
    }
  }
  const line = h('span', { class: 'gn-majority', attrs: { 'data-needed': String(summary.majority.needed) } }, h('span', { class: 'gn-majority-label num', text: t('night.graphicsMajority', { needed: formatCount(summary.majority.needed) }) }));
  setVar(line, '--at', String(Math.min(1, summary.majority.needed / total)));
  bar.append(line);
  const parties = h(
    'ol',
    { class: 'gn-parties' },
    ...summary.parties.slice(0, 6).map((p) => {
      const item = h('li', { class: 'gn-party', attrs: { 'data-party': p.party ?? '' } }, h('span', { class: 'gn-party-name', text: partyName(p.party) }), h('span', { class: 'gn-won num', text: formatCount(p.won) }), p.leading > 0 ? h('span', { class: 'gn-lead num', text: `+${formatCount(p.leading)}` }) : null);
      if (p.color) setVar(item, '--color', p.color);
      return item;
    }),
  );
  const reached = summary.majority.reachedBy;
  return h(
    'section',
    { class: 'gn-panel gn-seats' },
    h('h1', { class: 'gn-title', text: nameFor(night) }),
    h('p', { class: 'gn-sub num', text: reached ? t('night.majorityReached', { party: reached }) : t('night.seatsLine', { won: formatCount(summary.seats.won), total: formatCount(summary.seats.total), leading: formatCount(summary.seats.leading) }) }),
    bar,
    parties,
  );
}

/** One contest as a card on air. */
export function contestCard(line: NightContest): HTMLElement {
  const holders = line.status === 'decided' ? line.winners : line.leading;
  const counted = formatCounted(line.percentCounted, line.status === 'decided' && line.percentCounted === 100);
  const card = h(
    'article',
    { class: 'gn-card', attrs: { 'data-contest': line.electionId, 'data-status': line.status } },
    h('h2', { class: 'gn-card-name', text: nameFor(line) }),
    h('p', { class: 'gn-card-head', text: contestHeadline(line) }),
    h('p', { class: 'gn-card-meta num', text: [holders[0] ? partyName(holders[0].party) : '', counted ? t('night.counted', { percent: counted }) : ''].filter(Boolean).join(' · ') }),
  );
  const color = holders[0]?.color;
  if (color) setVar(card, '--color', color);
  return card;
}

/** Up to six key contests (else the first contests of the night). */
export function keyContestsLayout(night: NightSnapshot): HTMLElement {
  const key = keyLines(night);
  const lines = (key.length > 0 ? key : night.contests).slice(0, 6);
  return h('section', { class: 'gn-panel gn-key' }, h('h1', { class: 'gn-title', text: nameFor(night) }), h('div', { class: 'gn-cards' }, ...lines.map(contestCard)));
}

/** The contests a ticker cycles through: key contests first, then those with figures, in the night's order. */
export function tickerLines(night: NightSnapshot): NightContest[] {
  const key = keyLines(night);
  const keyIds = new Set(key.map((c) => c.electionId));
  return [...key, ...night.contests.filter((c) => !keyIds.has(c.electionId) && c.status !== 'not-started')];
}

/** The lower band: the night's name and one contest. */
export function tickerLayout(night: NightSnapshot, index: number): HTMLElement {
  const lines = tickerLines(night);
  const line = lines.length > 0 ? lines[index % lines.length]! : null;
  return h('section', { class: 'gn-ticker', attrs: { 'data-index': String(lines.length > 0 ? index % lines.length : 0) } }, h('span', { class: 'gn-ticker-name', text: nameFor(night) }), line ? contestCard(line) : h('p', { class: 'gn-card-head', text: t('night.noFigures') }));
}
