import type { FieldIssue } from '../../shared/codes/error-codes.ts';
import type { Delta, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { h, setText } from '../common/dom.ts';
import { formatChange, formatCount, formatCounted, formatPercent, formatPoints } from '../common/format.ts';
import { candidateName } from '../common/headline.ts';
import { t, type MessageKey } from '../common/i18n.ts';
import type { Preview } from './preview-model.ts';

/** Field paths as a newsroom reads them: "votes.raisi" -> "Ebrahim Raisi". */
export function fieldLabel(snapshot: Snapshot, path: string): string {
  if (path.startsWith('votes.')) return candidateName(snapshot, path.slice(6));
  const labels: Record<string, MessageKey> = {
    ballotsCounted: 'figure.counted',
    ballotsCast: 'figure.cast',
    eligibleVoters: 'console.field.eligible',
    votes: 'console.field.votes',
    issuedAt: 'console.field.issuedAt',
    source: 'console.field.source',
    round: 'console.field.round',
    id: 'console.field.id',
    correction: 'console.field.correction',
  };
  return labels[path] ? t(labels[path]) : path;
}

/** The problems of a bulletin, each under its field's name: in the preview, and in the server's refusal. */
export function issueList(snapshot: Snapshot, issues: FieldIssue[]): HTMLElement {
  return h('ul', { class: 'issues' }, ...issues.map((i) => h('li', {}, h('strong', { text: `${fieldLabel(snapshot, i.path)}: ` }), i.message)));
}

function warningList(warnings: string[]): HTMLElement | null {
  if (warnings.length === 0) return null;
  return h('div', { class: 'warnings' }, h('h3', { text: t('console.warnings', { count: warnings.length }) }), h('ul', {}, ...warnings.map((w) => h('li', { text: w }))));
}

/** One row per candidate: votes now, after, the change and the share. */
function deltaRows(snapshot: Snapshot, delta: Delta): HTMLElement[] {
  return delta.candidates.map((c) =>
    h(
      'tr',
      {},
      h('th', { attrs: { scope: 'row' }, text: candidateName(snapshot, c.id) }),
      h('td', { class: 'num', text: formatCount(c.votes - c.votesChange) }),
      h('td', { class: 'num', text: formatCount(c.votes) }),
      h('td', { class: `num change${c.votesChange < 0 ? ' down' : ''}`, text: c.votesChange ? formatChange(c.votesChange) : '—' }),
      h('td', { class: 'num', text: `${formatPercent(c.share)} (${formatPoints(c.shareChange)})` }),
    ),
  );
}

/** The preview panel: what would be published, or why it would be refused, before anything is sent. */
export function renderPreview(panel: HTMLElement, snapshot: Snapshot, preview: Preview | { unreadable: string[] } | null): void {
  const status = h('p', { class: 'preview-status' });
  panel.replaceChildren(h('h2', { text: t('console.preview') }), status);
  if (preview === null) {
    panel.dataset.state = 'empty';
    setText(status, t('console.previewEmpty'));
    return;
  }
  if ('unreadable' in preview) {
    panel.dataset.state = 'refused';
    setText(status, t('console.previewUnreadable'));
    panel.append(h('ul', { class: 'issues' }, ...preview.unreadable.map((p) => h('li', { text: fieldLabel(snapshot, p) }))));
    return;
  }
  if (!preview.ok) {
    panel.dataset.state = 'refused';
    setText(status, t('console.wouldRefuse', { count: preview.issues.length }));
    panel.append(issueList(snapshot, preview.issues));
    const warnings = warningList(preview.warnings);
    if (warnings) panel.append(warnings);
    return;
  }
  const { delta, headline } = preview;
  panel.dataset.state = preview.warnings.length > 0 ? 'warning' : 'ok';
  setText(status, preview.warnings.length ? t('console.wouldBeWarned', { version: delta.version, count: preview.warnings.length }) : t('console.wouldBe', { version: delta.version }));
  const before = snapshot.rounds.find((r) => r.round === delta.round);
  panel.append(
    h('p', { class: 'preview-headline', attrs: { 'data-tone': headline.tone }, text: headline.text }),
    h('p', { class: 'hint', text: headline.detail }),
    h(
      'table',
      { class: 'delta-table' },
      h('caption', { class: 'visually-hidden', text: t('console.deltaCaption') }),
      h('thead', {}, h('tr', {}, ...(['candidate', 'now', 'after', 'change', 'share'] as const).map((col) => h('th', { attrs: { scope: 'col' }, text: t(`console.col.${col}`) })))),
      h('tbody', {}, ...deltaRows(snapshot, delta)),
    ),
    h(
      'dl',
      { class: 'preview-figures' },
      h('dt', { text: t('figure.counted') }),
      h('dd', { class: 'num', text: `${formatCount(before?.ballotsCounted ?? 0)} → ${formatCount(delta.ballotsCounted)} (${formatChange(delta.ballotsCountedChange)})` }),
      h('dt', { text: t('console.counted') }),
      h('dd', { class: 'num', text: formatCounted(delta.percentCounted, delta.final) ?? t('console.countedUnknown') }),
      h('dt', { text: t('console.outcome') }),
      h('dd', { text: t(delta.projectionChanged ? 'console.outcomeChanges' : 'console.outcomeSame') }),
    ),
  );
  const warnings = warningList(preview.warnings);
  if (warnings) panel.append(warnings);
}
