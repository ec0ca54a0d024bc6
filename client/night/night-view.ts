import type { NightContest, NightSnapshot, NightSummary, PartySeats, SeatHolder } from '../../shared/schemas/night.schema.ts';
import { h, setText, setVar } from '../common/dom.ts';
import { formatChange, formatCount, formatCounted, formatPercent } from '../common/format.ts';
import { nameFor, t } from '../common/i18n.ts';
import { testMark } from '../common/rehearsal.ts';

/** A party's name as the pages show it; no party: the independents together. */
export const partyName = (party: string | null): string => party ?? t('night.noParty');

const holderNames = (holders: readonly SeatHolder[]) => holders.map((h) => h.name).join(', ');

/** What a contest line says in words: who won, who leads, or nothing yet. */
export function contestHeadline(line: NightContest): string {
  if (line.status === 'decided') return t('night.wins', { name: holderNames(line.winners) });
  if (line.status === 'not-started') return t('night.noFigures');
  return line.leading.length > 0 ? t('night.leads', { name: holderNames(line.leading) }) : t('night.tied');
}

/** The party whose colour a line takes: its winner's, else its leader's. */
function lineColor(line: NightContest): string | null {
  return (line.winners[0] ?? line.leading[0])?.color ?? null;
}

/** One contest, linking to its page; `data-*` carry what the filters and tests read. */
export function contestItem(line: NightContest): HTMLLIElement {
  const holders = line.status === 'decided' ? line.winners : line.leading;
  const parties = [...new Set(holders.map((x) => partyName(x.party)))].join(', ');
  const counted = formatCounted(line.percentCounted, line.status === 'decided' && line.percentCounted === 100);
  const item = h(
    'li',
    { class: 'contest', attrs: { 'data-contest': line.electionId, 'data-status': line.status, 'data-region': line.region ?? '' } },
    h(
      'a',
      { class: 'contest-link', attrs: { href: `/e/${encodeURIComponent(line.electionId)}` } },
      h('span', { class: 'swatch' }),
      h(
        'span',
        { class: 'contest-main' },
        h('span', { class: 'contest-name' }, line.mode === 'test' ? h('span', { class: 'test-mark', text: testMark() }) : null, nameFor(line)),
        h('span', { class: 'contest-headline', text: contestHeadline(line) }),
        parties ? h('span', { class: 'contest-party', text: parties }) : null,
      ),
      h(
        'span',
        { class: 'contest-side' },
        h('span', { class: 'status-badge', attrs: { 'data-status': line.status }, text: t(`night.status.${line.status}`) }),
        counted ? h('span', { class: 'contest-counted num', text: t('night.counted', { percent: counted }) }) : null,
        line.seats > 1 ? h('span', { class: 'contest-seats num', text: t('night.seats', { seats: line.seats }) }) : null,
      ),
    ),
  );
  const color = lineColor(line);
  if (color) setVar(item, '--color', color);
  return item;
}

/** The parliament bar: won seats solid and leading ones light, party by party, and the majority line. */
export function renderParliament(bar: HTMLElement, summary: NightSummary): void {
  const total = Math.max(1, summary.seats.total);
  const segments = summary.parties.flatMap((p) =>
    (['won', 'leading'] as const).flatMap((kind) => {
      if (p[kind] === 0) return [];
      const seg = h('span', { class: `seat-seg seat-${kind}`, attrs: { 'data-party': p.party ?? '', title: `${partyName(p.party)}: ${formatCount(p[kind])}` } });
      setVar(seg, '--seats', String(p[kind] / total));
      if (p.color) setVar(seg, '--color', p.color);
      return [seg];
    }),
  );
  const line = h('span', { class: 'majority-line', attrs: { 'aria-hidden': 'true' } });
  setVar(line, '--at', String(Math.min(1, summary.majority.needed / total)));
  bar.replaceChildren(...segments, line);
}

/** The seats-by-party table; with `changes`, a column of net gains (the night's `previous`). */
export function partyRows(parties: readonly PartySeats[], changes: boolean): HTMLTableRowElement[] {
  return parties.map((p) => {
    const swatch = h('span', { class: 'swatch' });
    if (p.color) setVar(swatch, '--color', p.color);
    return h(
      'tr',
      { attrs: { 'data-party': p.party ?? '' } },
      h('th', { attrs: { scope: 'row' } }, swatch, partyName(p.party)),
      h('td', { class: 'num won', text: formatCount(p.won) }),
      h('td', { class: 'num leading', text: formatCount(p.leading) }),
      changes ? h('td', { class: 'num change-net', attrs: { 'data-sign': p.gains < p.losses ? '-' : '+' }, text: formatChange(p.gains - p.losses) }) : null,
    );
  });
}

/** The summary's lines of words: seats, the majority, contests by status, turnout. */
export function renderSummaryText(els: { seats: Element; majority: Element; contests: Element; turnout: HTMLElement }, summary: NightSummary): void {
  setText(els.seats, t('night.seatsLine', { won: formatCount(summary.seats.won), total: formatCount(summary.seats.total), leading: formatCount(summary.seats.leading) }));
  const reached = summary.majority.reachedBy;
  setText(els.majority, reached ? t('night.majorityReached', { party: reached }) : t('night.majority', { needed: summary.majority.needed }));
  const { decided, counting, notStarted } = summary.contests;
  setText(els.contests, t('night.contestsLine', { decided: formatCount(decided), counting: formatCount(counting), notStarted: formatCount(notStarted) }));
  const { percent, contests } = summary.turnout;
  els.turnout.hidden = percent === null;
  if (percent !== null) setText(els.turnout, t('night.turnout', { percent: formatPercent(percent), contests }));
}

/** The key contests first, in the night's order; then every contest, in the definition's order. */
export function keyLines(night: NightSnapshot): NightContest[] {
  const byId = new Map(night.contests.map((c) => [c.electionId, c]));
  return night.keyContests.flatMap((id) => (byId.get(id) ? [byId.get(id)!] : []));
}
