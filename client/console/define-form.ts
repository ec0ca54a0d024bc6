import type { FieldIssue } from '../../shared/codes/error-codes.ts';
import { ElectionDefinitionSchema, ElectionIdSchema } from '../../shared/schemas/election.schema.ts';
import { zodIssues } from '../../shared/schemas/issues.ts';
import { parseFigure } from '../../shared/numbers/parse-figure.ts';
import { h, setText } from '../common/dom.ts';

const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);

const PALETTE = ['#2e7d32', '#1565c0', '#ef6c00', '#6d4c41', '#7b2cbf', '#c62828', '#00838f', '#5d6d7e'];

function field(name: string, label: string, input: HTMLInputElement | HTMLSelectElement): HTMLElement {
  input.id = `d-${name}`;
  input.name = name;
  return h('div', { class: 'field', attrs: { 'data-field': name } }, h('label', { attrs: { for: input.id }, text: label }), input, h('p', { class: 'field-error' }));
}

/** One candidate's row: colour, name, id (filled from the name until typed), party, a remove button. */
function candidateRow(n: number): HTMLElement {
  const cname = h('input', { attrs: { type: 'text', placeholder: 'Full name', 'aria-label': `Candidate ${n + 1} name`, maxlength: '100' } });
  const cid = h('input', { attrs: { type: 'text', placeholder: 'id', 'aria-label': `Candidate ${n + 1} id`, maxlength: '64' } });
  const party = h('input', { attrs: { type: 'text', placeholder: 'Party (optional)', 'aria-label': `Candidate ${n + 1} party`, maxlength: '100' } });
  const color = h('input', { attrs: { type: 'color', value: PALETTE[n % PALETTE.length]!, 'aria-label': `Candidate ${n + 1} colour` } });
  cname.addEventListener('input', () => {
    if (!cid.dataset.touched) cid.value = slug(cname.value);
  });
  cid.addEventListener('input', () => (cid.dataset.touched = '1'));
  const remove = h('button', { class: 'ghost', attrs: { type: 'button', 'aria-label': `Remove candidate ${n + 1}` }, text: '✕' });
  const row = h('div', { class: 'candidate-row', attrs: { 'data-field': `candidates.${n}` } }, color, cname, cid, party, remove, h('p', { class: 'field-error' }));
  remove.addEventListener('click', () => row.remove());
  return row;
}

/** Shows each issue under its field (a candidate's issues under its row); the rest in `general`. */
function showIssues(form: HTMLFormElement, general: HTMLElement, issues: FieldIssue[]): void {
  form.querySelectorAll('.field-error').forEach((el) => setText(el, ''));
  const rest: string[] = [];
  for (const issue of issues) {
    const path = issue.path.replace(/^(candidates\.\d+)\..*$/, '$1');
    const target = form.querySelector(`[data-field="${CSS.escape(path)}"] .field-error`);
    if (target) setText(target, `${target.textContent} ${issue.message}`.trim());
    else rest.push(`${issue.path}: ${issue.message}`);
  }
  setText(general, rest.join(' '));
}

interface DefineInputs {
  name: HTMLInputElement;
  id: HTMLInputElement;
  eligible: HTMLInputElement;
  rule: HTMLSelectElement;
  mode: HTMLSelectElement;
  rows: HTMLElement;
}

/** The definition the form holds, checked with the server's own schemas: the body to send, or the issues. */
function readDefinition(inputs: DefineInputs): { ok: true; electionId: string; body: unknown } | { ok: false; issues: FieldIssue[] } {
  const { name, id, eligible, rule, mode, rows } = inputs;
  const eligibleRead = eligible.value.trim() ? parseFigure(eligible.value) : null;
  if (eligibleRead && !eligibleRead.ok) return { ok: false, issues: [{ path: 'eligibleVoters', message: eligibleRead.message }] };
  const candidates = [...rows.querySelectorAll<HTMLElement>('.candidate-row')].map((row) => {
    const [color, cname, cid, party] = [...row.querySelectorAll('input')];
    return { id: cid!.value.trim(), name: cname!.value.trim(), ...(party!.value.trim() ? { party: party!.value.trim() } : {}), color: color!.value };
  });
  const body = {
    name: name.value.trim(),
    mode: mode.value,
    rule: rule.value === 'majority' ? { kind: 'majority', threshold: 50 } : { kind: 'plurality' },
    candidates,
    ...(eligibleRead?.ok ? { eligibleVoters: eligibleRead.value } : {}),
  };
  const issues: FieldIssue[] = [];
  const idCheck = ElectionIdSchema.safeParse(id.value.trim());
  if (!idCheck.success) issues.push({ path: 'electionId', message: idCheck.error.issues[0]?.message ?? 'invalid id' });
  const check = ElectionDefinitionSchema.safeParse(body);
  if (!check.success) issues.push(...zodIssues(check.error));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, electionId: id.value.trim(), body };
}

/**
 * Defining a new election: name, id, rule, eligible voters, candidates. Checked with the same schema
 * the server uses before it is sent; the server's issues land on the same fields.
 */
export function createDefineForm(form: HTMLFormElement, submit: (electionId: string, body: unknown) => Promise<FieldIssue[]>) {
  const name = h('input', { attrs: { type: 'text', required: '', maxlength: '200', placeholder: 'Presidential election 2028' } });
  const id = h('input', { attrs: { type: 'text', required: '', maxlength: '64', placeholder: 'presidential-2028' } });
  const eligible = h('input', { class: 'num', attrs: { type: 'text', inputmode: 'decimal', placeholder: 'e.g. 61.45 million' } });
  const rule = h('select', {}, h('option', { attrs: { value: 'majority' }, text: 'Majority (more than 50 %, else a runoff)' }), h('option', { attrs: { value: 'plurality' }, text: 'Plurality (most votes wins)' }));
  // A rehearsal by default: going live later is one confirmed step, while a live election that has
  // figures can never become a rehearsal again.
  const mode = h('select', {}, h('option', { attrs: { value: 'test' }, text: 'Rehearsal (every page shows TEST)' }), h('option', { attrs: { value: 'live' }, text: 'Live (real results)' }));
  const rows = h('div', { class: 'candidate-rows' });
  const general = h('p', { class: 'field-error', attrs: { role: 'alert' } });
  const addCandidate = () => rows.append(candidateRow(rows.children.length));
  let idTouched = false;

  const add = h('button', { class: 'secondary', attrs: { type: 'button' }, text: 'Add a candidate' });
  add.addEventListener('click', addCandidate);
  name.addEventListener('input', () => {
    if (!idTouched) id.value = slug(name.value);
  });
  id.addEventListener('input', () => (idTouched = true));
  form.replaceChildren(
    h('h2', { text: 'Define an election' }),
    h('div', { class: 'grid-2' }, field('name', 'Name', name), field('electionId', 'Id (in links)', id)),
    h('div', { class: 'grid-2' }, field('rule', 'Rule', rule), field('eligibleVoters', 'Eligible voters', eligible)),
    h('div', { class: 'grid-2' }, field('mode', 'Mode', mode)),
    h('fieldset', { class: 'votes' }, h('legend', { text: 'Candidates' }), rows, add),
    general,
    h('div', { class: 'actions' }, h('button', { class: 'primary', attrs: { type: 'submit' }, text: 'Define the election' })),
  );
  addCandidate();
  addCandidate();

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const read = readDefinition({ name, id, eligible, rule, mode, rows });
    if (!read.ok) return showIssues(form, general, read.issues);
    void submit(read.electionId, read.body).then((issues) => showIssues(form, general, issues));
  });
}
