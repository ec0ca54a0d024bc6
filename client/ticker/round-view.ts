import type { CandidateChange, Delta, RoundSnapshot, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { createSeatBar } from './seat-bar.ts';
import { flash, h, setText, setVar } from '../common/dom.ts';
import { formatChange, formatCount, formatCounted, formatPercent, formatPoints, formatTime } from '../common/format.ts';
import { candidateName, roundHeadline, roundTitle } from '../common/headline.ts';
import { t } from '../common/i18n.ts';

interface CandidateRow {
  li: HTMLLIElement;
  name: HTMLElement;
  badge: HTMLElement;
  party: HTMLElement;
  share: HTMLElement;
  votes: HTMLElement;
  change: HTMLElement;
  fill: HTMLElement;
}

/**
 * One round's results, built once and then updated in place, so bars animate from their last width
 * and only what changed flashes. Only the headline is a live region: screen readers hear the outcome
 * change, not every figure.
 */
export function createRoundView(round: number) {
  const title = h('span', { class: 'round-title-text' });
  const badge = h('span', { class: 'round-badge' });
  const headline = h('p', { class: 'headline', attrs: { 'aria-live': 'polite' } });
  const detail = h('p', { class: 'headline-detail' });
  const progressFill = h('span', { class: 'progress-fill' });
  const progressText = h('span', { class: 'num' });
  const progress = h('div', { class: 'progress' }, h('span', { class: 'progress-track', attrs: { 'aria-hidden': 'true' } }, progressFill), progressText);
  // Said on the page whenever shares are not of the candidates' total (rule.of = "cast").
  const basis = h('p', { class: 'share-basis' });
  const seatBar = createSeatBar();
  const list = h('ol', { class: 'candidates', attrs: { 'aria-label': t('round.candidatesLabel') } });
  const figures = h('dl', { class: 'figures' });
  const source = h('p', { class: 'source' });
  const section = h(
    'section',
    { class: 'round card', attrs: { 'data-round': String(round) } },
    h('h2', { class: 'round-title' }, title, badge),
    headline,
    detail,
    progress,
    basis,
    seatBar.element,
    list,
    figures,
    source,
  );
  const rows = new Map<string, CandidateRow>();
  const figureCells = new Map<string, { value: HTMLElement; note: HTMLElement }>();

  function row(id: string): CandidateRow {
    let r = rows.get(id);
    if (r) return r;
    const name = h('span', { class: 'name' });
    const badge = h('span', { class: 'cand-badge' });
    const party = h('span', { class: 'party' });
    const share = h('span', { class: 'share num' });
    const votes = h('span', { class: 'votes num' });
    const change = h('span', { class: 'change num' });
    const fill = h('span', { class: 'bar-fill' });
    const li = h(
      'li',
      { class: 'candidate', attrs: { 'data-candidate': id } },
      h('div', { class: 'cand-name' }, h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } }), h('span', {}, name, badge, party)),
      h('div', { class: 'cand-figures' }, share, h('span', { class: 'votes-line' }, votes, change)),
      h('div', { class: 'bar', attrs: { 'aria-hidden': 'true' } }, fill),
    );
    r = { li, name, badge, party, share, votes, change, fill };
    rows.set(id, r);
    return r;
  }

  /** A key figure cell, created on first use: later figures (reporting units, a desk call) add one line each. */
  function figure(key: string, label: string): { value: HTMLElement; note: HTMLElement } {
    let cell = figureCells.get(key);
    if (cell) return cell;
    const value = h('span', { class: 'num' });
    const note = h('small');
    figures.append(h('div', { attrs: { 'data-figure': key } }, h('dt', { text: label }), h('dd', {}, value, note)));
    cell = { value, note };
    figureCells.set(key, cell);
    return cell;
  }

  function markChange(el: HTMLElement, text: string, sign: string): void {
    setText(el, text);
    el.dataset.sign = sign;
    if (text) flash(el);
  }

  return {
    element: section,

    /** Shows the round as held; `delta` (when this update is one) marks what changed. */
    update(snapshot: Snapshot, r: RoundSnapshot, delta?: Delta): void {
      setText(title, roundTitle(snapshot, r.round));
      setText(badge, t(r.final ? 'round.final' : r.approximate ? 'round.provisionalRounded' : 'round.provisional'));
      badge.dataset.final = String(r.final);
      const head = roundHeadline(snapshot, r);
      setText(headline, head.text);
      headline.dataset.tone = head.tone;
      setText(detail, head.detail);
      progress.dataset.known = String(r.percentCounted !== null);
      setVar(progressFill, '--progress', String((r.percentCounted ?? 0) / 100));
      setText(progressText, t('round.counted', { progress: formatCounted(r.percentCounted, r.final) ?? formatCount(r.ballotsCounted) }));

      seatBar.update(snapshot, r);
      const ofCast = snapshot.rule.of === 'cast';
      basis.hidden = !ofCast;
      setText(basis, ofCast ? t('round.shareOfCast') : '');
      const changes = new Map<string, CandidateChange>(delta?.round === r.round ? delta.candidates.map((c) => [c.id, c]) : []);
      const winner = r.projection.winner;
      r.candidates.forEach((c, index) => {
        const cr = row(c.id);
        const name = candidateName(snapshot, c.id) || c.name;
        setText(cr.name, name);
        setText(cr.party, c.party ?? '');
        setText(cr.share, formatPercent(c.share));
        setText(cr.votes, formatCount(c.votes));
        if (c.color) setVar(cr.li, '--color', c.color);
        setVar(cr.fill, '--share', String(c.share / 100));
        const elected = r.projection.winners?.includes(c.id) || (r.projection.seats?.[c.id] ?? 0) > 0;
        const kind = c.id === winner ? 'winner' : elected ? 'elected' : r.projection.runoff?.includes(c.id) ? 'runoff' : c.id === r.leader && !r.final ? 'leading' : '';
        cr.badge.dataset.kind = kind;
        setText(cr.badge, kind === '' ? '' : t(`badge.${kind}`));
        cr.li.setAttribute('aria-label', t('round.candidateLabel', { name, votes: c.votes, share: formatPercent(c.share) }));
        const change = changes.get(c.id);
        if (change && change.votesChange !== 0) {
          markChange(cr.change, formatChange(change.votesChange), change.votesChange < 0 ? '-' : '+');
          cr.change.title = t('round.changeTitle', { count: Math.abs(change.votesChange), change: formatChange(change.votesChange), points: formatPoints(change.shareChange) });
        } else if (delta?.round === r.round) {
          markChange(cr.change, '', '');
        }
        // Most votes first in the document too, so reading order matches what is seen.
        if (list.children[index] !== cr.li) list.insertBefore(cr.li, list.children[index] ?? null);
      });
      for (const [id, cr] of rows) {
        if (r.candidates.some((c) => c.id === id)) continue;
        cr.li.remove();
        rows.delete(id);
      }

      const counted = figure('counted', t('figure.counted'));
      setText(counted.value, formatCount(r.ballotsCounted));
      if (delta?.round === r.round) {
        const moved = delta.ballotsCountedChange;
        markChange(counted.note, moved === 0 ? '' : t('figure.sinceLast', { change: formatChange(moved) }), moved < 0 ? '-' : '+');
      }
      const expected = figure('expected', t('figure.cast'));
      setText(expected.value, r.ballotsCast === null ? '—' : formatCount(r.ballotsCast));
      setText(expected.note, r.ballotsCast === null ? t('figure.notAnnounced') : r.percentCounted === null ? '' : t('round.counted', { progress: formatCounted(r.percentCounted, r.final) ?? '' }));
      const turnout = figure('turnout', t('figure.turnout'));
      setText(turnout.value, r.turnout === null ? '—' : formatPercent(r.turnout));
      setText(turnout.note, r.eligibleVoters === null ? '' : t('figure.ofEligible', { count: formatCount(r.eligibleVoters) }));
      if (ofCast) {
        const invalid = figure('invalid', t('figure.invalid'));
        setText(invalid.value, formatCount(r.invalid));
        setText(invalid.note, r.invalidShare === null ? '' : t('figure.ofCounted', { share: formatPercent(r.invalidShare) }));
      }
      const lead = figure('margin', t('figure.lead'));
      setText(lead.value, r.leader ? formatCount(r.margin) : '—');
      setText(lead.note, r.leader ? t('figure.leadNote', { name: candidateName(snapshot, r.leader) }) : t('figure.tiedOrNone'));

      const parts = [r.source ? t('source.given', { source: r.source }) : t('source.none'), r.issuedAt ? t('source.issued', { time: formatTime(r.issuedAt) }) : '', r.approximate ? t('source.rounded') : ''];
      setText(source, parts.filter(Boolean).join(' · '));
    },
  };
}

export type RoundView = ReturnType<typeof createRoundView>;
