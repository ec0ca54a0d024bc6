import type { FieldIssue } from '../../shared/codes/error-codes.ts';
import { readsAsApproximate } from '../../shared/numbers/parse-figure.ts';
import type { BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { h, setText } from '../common/dom.ts';
import { nameFor, t } from '../common/i18n.ts';
import { createFigureField, type FigureField } from './figure-field.ts';
import { formCandidates, suggestedRound } from './preview-model.ts';

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

/** Every field of the form; the votes are built per round (`buildVotes`). */
function createFields() {
  // Shown only for an election that lists reporting units: the figures are then that unit's.
  const unit = h('select', { attrs: { id: 'f-reportingUnit', name: 'reportingUnit', 'aria-describedby': 'f-reportingUnit-hint' } });
  const unitError = h('p', { class: 'field-error', attrs: { 'data-field': 'reportingUnit' } });
  return {
    round: h('select', { attrs: { id: 'f-round', name: 'round' } }),
    roundError: h('p', { class: 'field-error', attrs: { 'data-field': 'round' } }),
    unit,
    unitError,
    unitField: h(
      'div',
      { class: 'field', attrs: { 'data-field': 'reportingUnit', hidden: '' } },
      h('label', { attrs: { for: 'f-reportingUnit' }, text: t('console.unitLabel') }),
      unit,
      h('p', { class: 'hint', attrs: { id: 'f-reportingUnit-hint' }, text: t('console.unitHint') }),
      unitError,
    ),
    source: textField('source', t('console.field.source'), { placeholder: t('console.sourcePlaceholder'), maxlength: '200' }),
    issuedAt: textField('issuedAt', t('console.field.issuedAt'), { placeholder: '2017-05-20T07:30:00+04:30' }, t('console.issuedHint')),
    id: textField('id', t('console.field.id'), { placeholder: t('console.idPlaceholder'), maxlength: '128' }, t('console.idHint')),
    counted: createFigureField({ label: t('figure.counted'), name: 'ballotsCounted', required: true }),
    cast: createFigureField({ label: t('console.castLabel'), name: 'ballotsCast', hint: t('console.castHint') }),
    eligible: createFigureField({ label: t('console.eligibleLabel'), name: 'eligibleVoters', hint: t('console.eligibleHint') }),
    votesBox: h('div', { class: 'votes-grid' }),
    votesError: h('p', { class: 'field-error', attrs: { 'data-field': 'votes' } }),
    approximate: checkbox('approximate', t('console.approximate'), t('console.approximateHint')),
    final: checkbox('final', t('console.final'), t('console.finalHint')),
    correction: checkbox('correction', t('console.correction'), t('console.correctionHint')),
  };
}

type Fields = ReturnType<typeof createFields>;

function layOut(form: HTMLFormElement, f: Fields): void {
  form.replaceChildren(
    h('h2', { text: t('console.bulletinTitle') }),
    h('div', { class: 'grid-2' }, h('div', { class: 'field' }, h('label', { attrs: { for: 'f-round' }, text: t('console.field.round') }), f.round, f.roundError), f.source.element),
    f.unitField,
    h('div', { class: 'grid-2' }, f.counted.element, f.cast.element),
    h('fieldset', { class: 'votes' }, h('legend', { text: t('console.votesLegend') }), h('p', { class: 'hint', text: t('console.votesHint') }), f.votesBox, f.votesError),
    h('div', { class: 'flags' }, f.approximate.element, f.final.element, f.correction.element),
    h('details', { class: 'more' }, h('summary', { text: t('console.moreFields') }), h('div', { class: 'grid-2' }, f.issuedAt.element, f.eligible.element), f.id.element),
  );
}

/** The round and unit choices for `next`; whether the vote fields must be built again. */
function showElection(f: Fields, previous: Snapshot | null, next: Snapshot): boolean {
  const same = previous?.electionId === next.electionId;
  const pair = next.rounds.find((r) => r.round === 1)?.projection.runoff;
  const options = [h('option', { attrs: { value: '1' }, text: t(next.rule.kind === 'majority' ? 'console.round1' : 'console.singleRound') })];
  if (next.rule.kind === 'majority') options.push(h('option', { attrs: { value: '2' }, text: t(pair ? 'console.round2' : 'console.round2Closed') }));
  const chosen = same ? f.round.value : String(suggestedRound(next));
  const candidatesChanged = !same || previous?.candidates.map((c) => c.id + c.name).join() !== next.candidates.map((c) => c.id + c.name).join();
  const pairChanged = previous?.rounds.find((r) => r.round === 1)?.projection.runoff?.join() !== pair?.join();
  const units = next.units ?? [];
  const chosenUnit = same ? f.unit.value : '';
  f.unit.replaceChildren(h('option', { attrs: { value: '' }, text: t('console.unitNational') }), ...units.map((u) => h('option', { attrs: { value: u.id }, text: u.region ? `${u.name} (${u.region})` : u.name })));
  f.unit.value = units.some((u) => u.id === chosenUnit) ? chosenUnit : '';
  f.unitField.hidden = units.length === 0;
  f.round.replaceChildren(...options);
  f.round.value = chosen;
  return candidatesChanged || pairChanged;
}

function readFields(f: Fields, votes: Map<string, FigureField>, figures: FigureField[]): FormReading {
  const unreadable = figures.filter((field) => field.parsed?.ok === false).map((field) => field.name);
  if (f.counted.parsed === null) unreadable.push('ballotsCounted');
  if (unreadable.length > 0) return { ok: false, unreadable };
  const value = (field: FigureField) => (field.parsed?.ok ? field.parsed.value : undefined);
  const input: BulletinInput = {
    round: Number(f.round.value),
    ballotsCounted: value(f.counted)!,
    votes: Object.fromEntries([...votes].flatMap(([cid, field]) => (field.parsed?.ok ? [[cid, field.parsed.value]] : []))),
    approximate: f.approximate.input.checked,
    final: f.final.input.checked,
    correction: f.correction.input.checked,
  };
  if (value(f.cast) !== undefined) input.ballotsCast = value(f.cast);
  if (value(f.eligible) !== undefined) input.eligibleVoters = value(f.eligible);
  if (f.source.input.value.trim()) input.source = f.source.input.value.trim();
  if (f.issuedAt.input.value.trim()) input.issuedAt = f.issuedAt.input.value.trim();
  if (f.id.input.value.trim()) input.id = f.id.input.value.trim();
  if (!f.unitField.hidden && f.unit.value) input.reportingUnit = f.unit.value;
  return { ok: true, input };
}

/** Puts each issue next to its field (by dotted path); returns those that have no field. */
function placeIssues(f: Fields, figures: FigureField[], issues: FieldIssue[]): FieldIssue[] {
  const byPath = new Map<string, string[]>();
  for (const issue of issues) byPath.set(issue.path, [...(byPath.get(issue.path) ?? []), issue.message]);
  const unplaced = new Map(byPath);
  for (const field of figures) {
    field.setErrors(byPath.get(field.name) ?? []);
    unplaced.delete(field.name);
  }
  for (const [path, el] of [['source', f.source.error], ['issuedAt', f.issuedAt.error], ['id', f.id.error], ['round', f.roundError], ['votes', f.votesError], ['reportingUnit', f.unitError]] as const) {
    setText(el, (byPath.get(path) ?? []).join(' '));
    unplaced.delete(path);
  }
  return [...unplaced].flatMap(([path, messages]) => messages.map((message) => ({ path, message })));
}

/**
 * The bulletin form for one election: round, reporting unit (when the election lists units), source,
 * figures typed as read out, votes for the round's candidates, flags. It reads into a `BulletinInput` for the preview and the post, and shows
 * problems next to the field they concern.
 */
export function createBulletinForm(form: HTMLFormElement, onChange: () => void) {
  const f = createFields();
  let votes = new Map<string, FigureField>();
  let approximateTouched = false;
  let snapshot: Snapshot | null = null;
  layOut(form, f);
  const figureFields = () => [f.counted, f.cast, f.eligible, ...votes.values()];

  function buildVotes(): void {
    if (!snapshot) return;
    const typed = new Map([...votes].map(([cid, field]) => [cid, field.input.value]));
    votes = new Map();
    const fields = formCandidates(snapshot, Number(f.round.value)).map((c) => {
      const field = createFigureField({ label: nameFor(c), name: `votes.${c.id}` });
      field.setValue(typed.get(c.id) ?? '');
      votes.set(c.id, field);
      return field.element;
    });
    f.votesBox.replaceChildren(...fields);
  }

  form.addEventListener('input', (event) => {
    if (event.target === f.approximate.input) approximateTouched = true;
    if (event.target === f.round) buildVotes();
    if (!approximateTouched) f.approximate.input.checked = figureFields().some((field) => field.parsed?.ok === true && readsAsApproximate(field.parsed));
    onChange();
  });
  form.addEventListener('change', (event) => {
    if (event.target === f.round) buildVotes();
    onChange();
  });

  return {
    /** Shows the form for this election (keeping what is typed when it is the same one). */
    setElection(next: Snapshot): void {
      const rebuild = showElection(f, snapshot, next);
      snapshot = next;
      if (rebuild) buildVotes();
    },
    read: (): FormReading => readFields(f, votes, figureFields()),
    /** Puts each issue next to its field (by dotted path); returns those that have no field. */
    showIssues: (issues: FieldIssue[]): FieldIssue[] => placeIssues(f, figureFields(), issues),
    /** Whether no figure has been typed yet. */
    isEmpty: (): boolean => figureFields().every((field) => field.parsed === null),
    /** Focuses the first field with a problem (keyboard users land where the fix is). */
    focusFirstProblem(): void {
      form.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
    },
  };
}

export type BulletinForm = ReturnType<typeof createBulletinForm>;
