import type { FieldIssue } from '../../shared/codes/error-codes.ts';
import { readsAsApproximate } from '../../shared/numbers/parse-figure.ts';
import type { BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { h, setText } from '../common/dom.ts';
import { createFigureField, type FigureField } from './figure-field.ts';
import { roundCandidates, suggestedRound } from './preview-model.ts';

/** What the form holds: a bulletin to preview, or the figures that could not be read. */
export type FormReading = { ok: true; input: BulletinInput } | { ok: false; unreadable: string[] };

function textField(name: string, label: string, attrs: Record<string, string> = {}, hint?: string) {
  const id = `f-${name}`;
  const input = h('input', { attrs: { id, name, type: 'text', autocomplete: 'off', 'aria-describedby': `${id}-err`, ...attrs } });
  const error = h('p', { class: 'field-error', attrs: { id: `${id}-err` } });
  const element = h('div', { class: 'field', attrs: { 'data-field': name } }, h('label', { attrs: { for: id }, text: label }), input, hint ? h('p', { class: 'hint', text: hint }) : null, error);
  return { element, input, error };
}

function checkbox(name: string, label: string, hint: string) {
  const input = h('input', { attrs: { type: 'checkbox', name, id: `f-${name}` } });
  const element = h('div', { class: 'check', attrs: { 'data-field': name } }, input, h('label', { attrs: { for: `f-${name}` } }, h('strong', { text: label }), h('span', { class: 'hint', text: hint })));
  return { element, input };
}

/**
 * The bulletin form for one election: round, reporting unit (when the election lists units), source,
 * figures typed as read out, votes for the round's candidates, flags. It reads into a `BulletinInput` for the preview and the post, and shows
 * problems next to the field they concern.
 */
export function createBulletinForm(form: HTMLFormElement, onChange: () => void) {
  const round = h('select', { attrs: { id: 'f-round', name: 'round' } });
  // Shown only for an election that lists reporting units: the figures are then that unit's.
  const unit = h('select', { attrs: { id: 'f-reportingUnit', name: 'reportingUnit', 'aria-describedby': 'f-reportingUnit-hint' } });
  const unitError = h('p', { class: 'field-error', attrs: { 'data-field': 'reportingUnit' } });
  const unitField = h(
    'div',
    { class: 'field', attrs: { 'data-field': 'reportingUnit', hidden: '' } },
    h('label', { attrs: { for: 'f-reportingUnit' }, text: 'Reporting unit' }),
    unit,
    h('p', { class: 'hint', attrs: { id: 'f-reportingUnit-hint' }, text: 'The unit these figures are for (its latest figures replace its earlier ones), or the national total.' }),
    unitError,
  );
  const source = textField('source', 'Source', { placeholder: 'e.g. Interior Ministry briefing', maxlength: '200' });
  const issuedAt = textField('issuedAt', 'Issued at', { placeholder: '2017-05-20T07:30:00+04:30' }, 'When the officials released it (ISO time with offset); empty if unknown.');
  const id = textField('id', 'Bulletin id', { placeholder: 'automatic', maxlength: '128' }, 'Optional. Without one, the same figures sent twice are recognised as one bulletin.');
  const counted = createFigureField({ label: 'Ballots counted', name: 'ballotsCounted', required: true });
  const cast = createFigureField({ label: 'Ballots cast (expected total)', name: 'ballotsCast', hint: 'If announced, e.g. “over 40 million”.' });
  const eligible = createFigureField({ label: 'Eligible voters (override)', name: 'eligibleVoters', hint: 'Only if different from the election’s figure.' });
  const votesBox = h('div', { class: 'votes-grid' });
  const votesError = h('p', { class: 'field-error', attrs: { 'data-field': 'votes' } });
  const approximate = checkbox('approximate', 'Approximate', 'Figures rounded as announced: small inconsistencies (up to 2 %) become warnings.');
  const final = checkbox('final', 'Final', 'The official final count of this round.');
  const correction = checkbox('correction', 'Correction', 'Replaces earlier figures: counts may go down.');
  const roundError = h('p', { class: 'field-error', attrs: { 'data-field': 'round' } });
  let votes = new Map<string, FigureField>();
  let approximateTouched = false;
  let snapshot: Snapshot | null = null;

  form.replaceChildren(
    h('h2', { text: 'New bulletin' }),
    h('div', { class: 'grid-2' }, h('div', { class: 'field' }, h('label', { attrs: { for: 'f-round' }, text: 'Round' }), round, roundError), source.element),
    unitField,
    h('div', { class: 'grid-2' }, counted.element, cast.element),
    h('fieldset', { class: 'votes' }, h('legend', { text: 'Votes' }), h('p', { class: 'hint', text: 'Type figures as read out: 14.619 million, 14,619,000, 23,5 million, 11m, over 40 million. Leave a candidate empty to keep their last figure.' }), votesBox, votesError),
    h('div', { class: 'flags' }, approximate.element, final.element, correction.element),
    h('details', { class: 'more' }, h('summary', { text: 'More fields' }), h('div', { class: 'grid-2' }, issuedAt.element, eligible.element), id.element),
  );
  const figureFields = () => [counted, cast, eligible, ...votes.values()];

  function buildVotes(): void {
    if (!snapshot) return;
    const typed = new Map([...votes].map(([cid, f]) => [cid, f.input.value]));
    votes = new Map();
    const fields = roundCandidates(snapshot, Number(round.value)).map((c) => {
      const field = createFigureField({ label: c.name, name: `votes.${c.id}` });
      field.setValue(typed.get(c.id) ?? '');
      votes.set(c.id, field);
      return field.element;
    });
    votesBox.replaceChildren(...fields);
  }

  function autoApproximate(): void {
    if (approximateTouched) return;
    approximate.input.checked = figureFields().some((f) => f.parsed?.ok === true && readsAsApproximate(f.parsed));
  }

  form.addEventListener('input', (event) => {
    if (event.target === approximate.input) approximateTouched = true;
    if (event.target === round) buildVotes();
    autoApproximate();
    onChange();
  });
  form.addEventListener('change', (event) => {
    if (event.target === round) buildVotes();
    onChange();
  });

  return {
    /** Shows the form for this election (keeping what is typed when it is the same one). */
    setElection(next: Snapshot): void {
      const same = snapshot?.electionId === next.electionId;
      const pair = next.rounds.find((r) => r.round === 1)?.projection.runoff;
      const options = [h('option', { attrs: { value: '1' }, text: next.rule.kind === 'majority' ? 'Round 1' : 'Single round' })];
      if (next.rule.kind === 'majority') options.push(h('option', { attrs: { value: '2' }, text: pair ? 'Round 2 (runoff)' : 'Round 2 (runoff, not open yet)' }));
      const chosen = same ? round.value : String(suggestedRound(next));
      const candidatesChanged = !same || snapshot?.candidates.map((c) => c.id + c.name).join() !== next.candidates.map((c) => c.id + c.name).join();
      const pairChanged = snapshot?.rounds.find((r) => r.round === 1)?.projection.runoff?.join() !== pair?.join();
      const units = next.units ?? [];
      const chosenUnit = same ? unit.value : '';
      unit.replaceChildren(h('option', { attrs: { value: '' }, text: 'National total (no unit)' }), ...units.map((u) => h('option', { attrs: { value: u.id }, text: u.region ? `${u.name} (${u.region})` : u.name })));
      unit.value = units.some((u) => u.id === chosenUnit) ? chosenUnit : '';
      unitField.hidden = units.length === 0;
      snapshot = next;
      round.replaceChildren(...options);
      round.value = chosen;
      if (candidatesChanged || pairChanged) buildVotes();
    },

    read(): FormReading {
      const unreadable = figureFields().filter((f) => f.parsed?.ok === false).map((f) => f.name);
      if (counted.parsed === null) unreadable.push('ballotsCounted');
      if (unreadable.length > 0) return { ok: false, unreadable };
      const value = (f: FigureField) => (f.parsed?.ok ? f.parsed.value : undefined);
      const input: BulletinInput = {
        round: Number(round.value),
        ballotsCounted: value(counted)!,
        votes: Object.fromEntries([...votes].flatMap(([cid, f]) => (f.parsed?.ok ? [[cid, f.parsed.value]] : []))),
        approximate: approximate.input.checked,
        final: final.input.checked,
        correction: correction.input.checked,
      };
      if (value(cast) !== undefined) input.ballotsCast = value(cast);
      if (value(eligible) !== undefined) input.eligibleVoters = value(eligible);
      if (source.input.value.trim()) input.source = source.input.value.trim();
      if (issuedAt.input.value.trim()) input.issuedAt = issuedAt.input.value.trim();
      if (id.input.value.trim()) input.id = id.input.value.trim();
      if (!unitField.hidden && unit.value) input.reportingUnit = unit.value;
      return { ok: true, input };
    },

    /** Puts each issue next to its field (by dotted path); returns those that have no field. */
    showIssues(issues: FieldIssue[]): FieldIssue[] {
      const byPath = new Map<string, string[]>();
      for (const issue of issues) byPath.set(issue.path, [...(byPath.get(issue.path) ?? []), issue.message]);
      const unplaced = new Map(byPath);
      for (const f of figureFields()) {
        f.setErrors(byPath.get(f.name) ?? []);
        unplaced.delete(f.name);
      }
      for (const [path, el] of [['source', source.error], ['issuedAt', issuedAt.error], ['id', id.error], ['round', roundError], ['votes', votesError], ['reportingUnit', unitError]] as const) {
        setText(el, (byPath.get(path) ?? []).join(' '));
        unplaced.delete(path);
      }
      return [...unplaced].flatMap(([path, messages]) => messages.map((message) => ({ path, message })));
    },

    /** Whether no figure has been typed yet. */
    isEmpty(): boolean {
      return figureFields().every((f) => f.parsed === null);
    },

    /** Focuses the first field with a problem (keyboard users land where the fix is). */
    focusFirstProblem(): void {
      form.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
    },
  };
}

export type BulletinForm = ReturnType<typeof createBulletinForm>;
