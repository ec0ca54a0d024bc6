import { ErrorCode } from '../../shared/codes/error-codes.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { errorOf } from '../common/api.ts';
import { byId, setText } from '../common/dom.ts';
import { electionName } from '../common/headline.ts';
import { t } from '../common/i18n.ts';
import { NoAnswerError, requestJson } from '../sdk/json-request.ts';
import { explainError } from './explain.ts';

export interface GoLiveDeps {
  /** The election the desk holds now. */
  current(): Snapshot | null;
  token(): string | null;
  /** The server switched it: its answer is the new (empty) live snapshot. */
  done(snapshot: Snapshot): void;
  /** The token was refused: the desk signs out. */
  unauthorized(): void;
}

/**
 * Going live from the console: a modal <dialog> (focus moves in and is kept there, Escape cancels,
 * focus returns to the button) where the election id is typed again, as the API asks, before the
 * token-protected `POST /api/elections/:id/go-live` deletes the rehearsal's figures.
 */
export function createGoLive(deps: GoLiveDeps) {
  const dialog = byId<HTMLDialogElement>('go-live-dialog');
  const form = byId<HTMLFormElement>('go-live-form');
  const input = byId<HTMLInputElement>('go-live-confirm');
  const submit = byId<HTMLButtonElement>('go-live-submit');
  const error = byId('go-live-error');
  let sending = false;

  const matches = () => input.value.trim() === deps.current()?.electionId;
  const refresh = () => (submit.disabled = sending || !matches());

  function open(): void {
    const snapshot = deps.current();
    if (!snapshot) return;
    setText(byId('go-live-name'), electionName(snapshot));
    setText(byId('go-live-id'), snapshot.electionId);
    input.value = '';
    setText(error, '');
    refresh();
    dialog.showModal();
    input.focus();
  }

  async function send(): Promise<void> {
    const snapshot = deps.current();
    const token = deps.token();
    if (sending || !snapshot || !token || !matches()) return;
    sending = true;
    refresh();
    try {
      const answer = await requestJson<Snapshot>('POST', `/api/elections/${encodeURIComponent(snapshot.electionId)}/go-live`, { body: { confirm: input.value.trim() }, token });
      const problem = errorOf(answer);
      if (!problem) {
        dialog.close();
        deps.done(answer.body);
      } else if (problem.code === ErrorCode.Unauthorized) {
        dialog.close();
        deps.unauthorized();
      } else {
        setText(error, problem.code === ErrorCode.DefinitionConflict ? t('console.alreadyLive') : t('console.why', { why: explainError(problem), message: problem.message }));
      }
    } catch (failure) {
      if (!(failure instanceof NoAnswerError)) throw failure;
      setText(error, t('console.goLiveNoAnswer'));
    } finally {
      sending = false;
      refresh();
    }
  }

  input.addEventListener('input', refresh);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
  byId('go-live-cancel').addEventListener('click', () => dialog.close());
  byId('go-live').addEventListener('click', open);
}
