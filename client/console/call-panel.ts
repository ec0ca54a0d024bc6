import type { CallAccepted, CallUnchanged } from '../../shared/schemas/api.schema.ts';
import type { CallRequest } from '../../shared/schemas/call.schema.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { errorOf } from '../common/api.ts';
import { h, setText } from '../common/dom.ts';
import { nameFor, t } from '../common/i18n.ts';
import { NoAnswerError, requestJson } from '../sdk/json-request.ts';
import { explainError } from './explain.ts';

/** The desk token, apart from the ingest token: kept in this tab only, like the sign-in. */
const KEY = 'tallyroom.deskToken';
/** The panel's actions; a list's seats and a referendum's outcome are called over the API (docs/api.md). */
type Action = Exclude<CallRequest['action'], 'seats' | 'outcome'>;

/** The call the panel's fields describe (the server checks the rest). */
export function callFromFields(action: Action, fields: { winner: string; first: string; second: string; round: string; note: string }): CallRequest {
  const extra = { ...(fields.round ? { round: Number(fields.round) } : {}), ...(fields.note.trim() ? { note: fields.note.trim() } : {}) };
  if (action === 'winner') return { action, winner: fields.winner, ...extra };
  if (action === 'runoff') return { action, runoff: [fields.first, fields.second], ...extra };
  if (action === 'elected') return { action, elected: fields.winner, ...extra };
  return { action, ...extra };
}

function select(id: string, label: string, options: Array<[string, string]>): [HTMLElement, HTMLSelectElement] {
  const el = h('select', { attrs: { id } }, ...options.map(([value, text]) => h('option', { attrs: { value }, text })));
  return [h('div', { class: 'field' }, h('label', { attrs: { for: id }, text: label }), el), el];
}

/**
 * The decision desk's "Call" panel: call a winner or a runoff pair, retract, or certify, with a note.
 * It needs a desk token (DESK_TOKENS), asked for here and kept apart from the ingest token.
 */
export function createCallPanel(panel: HTMLElement) {
  let snapshot: Snapshot | null = null;
  const token = h('input', { attrs: { id: 'desk-token', type: 'password', autocomplete: 'off' } });
  token.value = sessionStorage.getItem(KEY) ?? '';
  const [actionField, action] = select('call-action', t('console.callAction'), [['winner', t('console.callWinner')], ['elected', t('console.callElected')], ['runoff', t('console.callRunoff')], ['retract', t('console.callRetract')], ['certify', t('console.callCertify')]]);
  const [winnerField, winner] = select('call-winner', t('console.callWinner'), []);
  const [firstField, first] = select('call-first', t('console.callFirst'), []);
  const [secondField, second] = select('call-second', t('console.callSecond'), []);
  const note = h('input', { attrs: { id: 'call-note', type: 'text', maxlength: '500' } });
  const send = h('button', { class: 'secondary', attrs: { type: 'submit' }, text: t('console.callSend') });
  const result = h('p', { class: 'call-answer', attrs: { role: 'status', 'aria-live': 'polite' } });
  const form = h('form', { attrs: { novalidate: '' } },
    h('div', { class: 'field' }, h('label', { attrs: { for: 'desk-token' }, text: t('console.deskToken') }), token),
    actionField, winnerField, firstField, secondField,
    h('div', { class: 'field' }, h('label', { attrs: { for: 'call-note' }, text: t('console.callNote') }), note),
    h('div', { class: 'actions' }, send), result);
  panel.replaceChildren(h('h2', { text: t('console.callTitle') }), form);

  const showFields = () => {
    // A seat's winner is picked from the same list of candidates.
    winnerField.hidden = action.value !== 'winner' && action.value !== 'elected';
    firstField.hidden = secondField.hidden = action.value !== 'runoff';
  };
  action.addEventListener('change', showFields);
  showFields();

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!snapshot || !token.value.trim()) return void setText(result, t('console.callNeedsToken'));
    sessionStorage.setItem(KEY, token.value.trim());
    const body = callFromFields(action.value as Action, { winner: winner.value, first: first.value, second: second.value, round: '', note: note.value });
    send.disabled = true;
    requestJson<CallAccepted | CallUnchanged>('POST', `/api/elections/${encodeURIComponent(snapshot.electionId)}/calls`, { body, token: token.value.trim() })
      .then((res) => {
        const error = errorOf(res);
        if (error) setText(result, t('console.callRefused', { why: explainError(error), message: error.message }));
        else if ('duplicate' in res.body) setText(result, t('console.callUnchanged', { version: res.body.version }));
        else setText(result, t('console.callRecorded', { version: res.body.version }));
        if (!error) note.value = '';
      }, (error: unknown) => {
        if (!(error instanceof NoAnswerError)) throw error;
        setText(result, t('console.callNoAnswer'));
      })
      .finally(() => (send.disabled = false));
  });

  return {
    /** Fills the candidate lists from the election (the runoff's pair in round 2). */
    setElection(next: Snapshot): void {
      const changed = snapshot?.electionId !== next.electionId || snapshot.candidates.length !== next.candidates.length;
      snapshot = next;
      if (!changed) return;
      const options = () => next.candidates.map((c) => h('option', { attrs: { value: c.id }, text: nameFor(c) }));
      winner.replaceChildren(...options());
      first.replaceChildren(...options());
      second.replaceChildren(...options());
      if (next.candidates[1]) second.value = next.candidates[1].id;
      setText(result, '');
    },
  };
}
