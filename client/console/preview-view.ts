import type { FieldIssue } from '../../shared/codes/error-codes.ts';
import type { Delta, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { h, setText } from '../common/dom.ts';
import { formatChange, formatCount, formatCounted, formatPercent, formatPoints } from '../common/format.ts';
import type { Preview } from './preview-model.ts';

/** Field paths as a newsroom reads them: "votes.raisi" -> "Ebrahim Raisi". */
export function fieldLabel(snapshot: Snapshot, path: string): string {
  if (path.startsWith('votes.')) return snapshot.candidates.find((c) => c.id === path.slice(6))?.name ?? path;
  const labels: Record<string, string> = { ballotsCounted: 'Ballots counted', ballotsCast: 'Ballots cast', eligibleVoters: 'Eligible voters', votes: 'Votes', issuedAt: 'Issued at', source: 'Source', round: 'Round', id: 'Bulletin id', correction: 'Correction' };
  return labels[path] ?? path;
}

/** The problems of a bulletin, each under its field's name: in the preview, and in the server's refusal. */
export function issueList(snapshot: Snapshot, issues: FieldIssue[]): HTMLElement {
  return h('ul', { class: 'issues' }, ...issues.map((i) => h('li', {}, h('strong', { text: `${fieldLabel(snapshot, i.path)}: ` }), i.message)));
}

function warningList(warnings: string[]): HTMLElement | null {
  if (warnings.length === 0) return null;
  return h('div', { class: 'warnings' }, h('h3', { text: `${warnings.length} warning${warnings.length > 1 ? 's' : ''}` }), h('ul', {}, ...warnings.map((w) => h('li', { text: w }))));
}

/** One row per candidate: votes now, after, the change and the share. */
function deltaRows(snapshot: Snapshot, delta: Delta): HTMLElement[] {
  const names = new Map(snapshot.candidates.map((c) => [c.id, c.name]));
  return delta.candidates.map((c) =>
    h(
      'tr',
      {},
      h('th', { attrs: { scope: 'row' }, text: names.get(c.id) ?? c.id }),
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
  panel.replaceChildren(h('h2', { text: 'Preview' }), status);
  if (preview === null) {
    panel.dataset.state = 'empty';
    setText(status, 'Type the figures: the result appears here before you publish.');
    return;
  }
  if ('unreadable' in preview) {
    panel.dataset.state = 'refused';
    setText(status, 'Some figures cannot be read; see the fields marked.');
    panel.append(h('ul', { class: 'issues' }, ...preview.unreadable.map((p) => h('li', { text: fieldLabel(snapshot, p) }))));
    return;
  }
  if (!preview.ok) {
    panel.dataset.state = 'refused';
    setText(status, `Would be refused: ${preview.issues.length} problem${preview.issues.length > 1 ? 's' : ''}.`);
    panel.append(issueList(snapshot, preview.issues));
    const warnings = warningList(preview.warnings);
    if (warnings) panel.append(warnings);
    return;
  }
  const { delta, headline } = preview;
  panel.dataset.state = preview.warnings.length > 0 ? 'warning' : 'ok';
  setText(status, `Would be version ${delta.version}${preview.warnings.length ? `, with ${preview.warnings.length} warning${preview.warnings.length > 1 ? 's' : ''}` : ''}.`);
  const before = snapshot.rounds.find((r) => r.round === delta.round);
  panel.append(
    h('p', { class: 'preview-headline', attrs: { 'data-tone': headline.tone }, text: headline.text }),
    h('p', { class: 'hint', text: headline.detail }),
    h(
      'table',
      { class: 'delta-table' },
      h('caption', { class: 'visually-hidden', text: 'Votes before and after this bulletin' }),
      h('thead', {}, h('tr', {}, ...['Candidate', 'Now', 'After', 'Change', 'Share'].map((t) => h('th', { attrs: { scope: 'col' }, text: t })))),
      h('tbody', {}, ...deltaRows(snapshot, delta)),
    ),
    h(
      'dl',
      { class: 'preview-figures' },
      h('dt', { text: 'Ballots counted' }),
      h('dd', { class: 'num', text: `${formatCount(before?.ballotsCounted ?? 0)} → ${formatCount(delta.ballotsCounted)} (${formatChange(delta.ballotsCountedChange)})` }),
      h('dt', { text: 'Counted' }),
      h('dd', { class: 'num', text: formatCounted(delta.percentCounted, delta.final) ?? 'unknown (no ballots cast figure)' }),
      h('dt', { text: 'Outcome' }),
      h('dd', { text: delta.projectionChanged ? 'changes with this bulletin' : 'unchanged' }),
    ),
  );
  const warnings = warningList(preview.warnings);
  if (warnings) panel.append(warnings);
}
