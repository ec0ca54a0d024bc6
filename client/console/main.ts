import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/vazirmatn/wght.css';
import '../styles/base.css';
import '../styles/console.css';
import { ErrorCode, type FieldIssue } from '../../shared/codes/error-codes.ts';
import type { BulletinAccepted, BulletinDuplicate } from '../../shared/schemas/api.schema.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { errorOf, fetchElections, useReaderToken } from '../common/api.ts';
import { renderConnection } from '../common/connection-badge.ts';
import { byId, h, setText } from '../common/dom.ts';
import { formatTime } from '../common/format.ts';
import { electionHeadline, electionName } from '../common/headline.ts';
import { isRehearsal, markedTitle } from '../common/rehearsal.ts';
import { createTallyClient, type Subscription } from '../sdk/index.ts';
import { NoAnswerError, requestJson } from '../sdk/json-request.ts';
import { createBulletinForm } from './bulletin-form.ts';
import { createCallPanel } from './call-panel.ts';
import { createDefineForm } from './define-form.ts';
import { explainError } from './explain.ts';
import { createGoLive } from './go-live.ts';
import { createHistory } from './history.ts';
import { createNightPanel } from './night-panel.ts';
import { previewBulletin, type Preview } from './preview-model.ts';
import { issueList, renderPreview } from './preview-view.ts';
import { session } from './session.ts';
import { applyToDocument, startI18n, t } from '../common/i18n.ts';

// The newsroom's own language (`?lang=`, the browser's); the console spans elections. Its words on top of the pages'.
await startI18n({ parts: ['pages', 'console'] });
applyToDocument();

const LAST_ELECTION = 'tallyroom.console.election';
// The newsroom token opens private elections too, for reads and the subscription alike.
useReaderToken(() => session.token() ?? undefined);
const client = createTallyClient({ token: () => session.token() ?? undefined });
const select = byId<HTMLSelectElement>('election-select');
const answer = byId('answer');
const previewPanel = byId('preview');
const publishButton = byId<HTMLButtonElement>('publish');
const history = createHistory(byId<HTMLTableSectionElement>('history-body'));
let subscription: Subscription | null = null;
let snapshot: Snapshot | null = null;
let preview: Preview | null = null;
let publishing = false;

const callPanel = createCallPanel(byId('call-panel'));
const nights = createNightPanel(byId('nights-panel'));
const form = createBulletinForm(byId<HTMLFormElement>('bulletin-form'), () => schedulePreview());

let previewFrame = 0;
function schedulePreview(): void {
  cancelAnimationFrame(previewFrame);
  previewFrame = requestAnimationFrame(updatePreview);
}

function updatePreview(): void {
  if (!snapshot) return;
  const reading = form.read();
  preview = reading.ok ? previewBulletin(snapshot, reading.input) : null;
  const issues = preview && !preview.ok ? preview.issues : [];
  form.showIssues(issues);
  renderPreview(previewPanel, snapshot, reading.ok ? preview : form.isEmpty() ? null : { unreadable: reading.unreadable });
  publishButton.disabled = publishing || !preview?.ok;
}

function showSummary(s: Snapshot): void {
  const head = electionHeadline(s);
  setText(byId('summary-title'), electionName(s));
  byId('rehearsal').hidden = !isRehearsal(s);
  document.title = markedTitle(s, t('console.docTitle'));
  setText(byId('summary-line'), t('console.summary', { version: s.version, headline: head.text, time: formatTime(s.updatedAt) }));
  const id = encodeURIComponent(s.electionId);
  byId('summary-links').replaceChildren(
    h('a', { attrs: { href: `/e/${id}`, target: '_blank', rel: 'noopener' }, text: t('console.openTicker') }),
    ...(['bars', 'lower-third', 'ticker'] as const).map((layout) => h('a', { attrs: { href: `/graphics/${id}?layout=${layout}&backdrop=studio`, target: '_blank', rel: 'noopener' }, text: t('console.openGraphics', { layout }) })),
  );
}

function choose(electionId: string): void {
  subscription?.unsubscribe();
  snapshot = null;
  byId('desk').hidden = !electionId;
  answer.replaceChildren();
  if (!electionId) return;
  sessionStorage.setItem(LAST_ELECTION, electionId);
  subscription = client.subscribe(electionId, {
    onUpdate(update) {
      // A new epoch (the rehearsal went live) has a new, empty history: list it from the start.
      const reset = snapshot !== null && snapshot.epoch !== update.snapshot.epoch;
      snapshot = update.snapshot;
      form.setElection(snapshot);
      callPanel.setElection(snapshot);
      showSummary(snapshot);
      schedulePreview();
      void (reset ? history.show(electionId) : history.refresh());
    },
    onStatus: (status) => renderConnection(byId('connection'), status),
    onError: (error) => setText(byId('summary-line'), explainError(error)),
  });
  void history.show(electionId);
}

async function loadElections(selected?: string): Promise<void> {
  const elections = await fetchElections().catch(() => []);
  const current = selected ?? (select.value || new URLSearchParams(location.search).get('election') || sessionStorage.getItem(LAST_ELECTION) || '');
  select.replaceChildren(h('option', { attrs: { value: '' }, text: t(elections.length ? 'console.choose' : 'console.noElection') }), ...elections.map((e) => h('option', { attrs: { value: e.electionId }, text: `${e.name} (${e.electionId})` })));
  if (elections.some((e) => e.electionId === current)) select.value = current;
  if (select.value !== subscription?.electionId) choose(select.value);
}

function showAnswer(kind: 'ok' | 'duplicate' | 'refused' | 'unknown', title: string, details: Array<HTMLElement | null> = []): void {
  answer.dataset.kind = kind;
  answer.replaceChildren(h('p', { class: 'answer-title', text: title }), ...details.filter((d): d is HTMLElement => d !== null));
  answer.focus();
}

const issueItems = (issues: FieldIssue[]) => (!snapshot || issues.length === 0 ? null : issueList(snapshot, issues));

async function publish(): Promise<void> {
  const token = session.token();
  const reading = form.read();
  if (publishing || !snapshot || !token || !reading.ok || !preview?.ok) {
    form.focusFirstProblem();
    return;
  }
  publishing = true;
  publishButton.disabled = true;
  setText(publishButton, t('console.publishing'));
  try {
    const res = await requestJson<BulletinAccepted | BulletinDuplicate>('POST', `/api/elections/${encodeURIComponent(snapshot.electionId)}/bulletins`, { body: reading.input, token });
    const error = errorOf(res);
    if (error) {
      const unplaced = form.showIssues(error.issues ?? []);
      showAnswer('refused', t('console.refused', { why: explainError(error) }), [issueItems(error.issues ?? unplaced), h('p', { class: 'hint', text: t('console.serverSaid', { code: error.code, message: error.message }) })]);
      if (error.code === ErrorCode.Unauthorized) signOut();
      else form.focusFirstProblem();
    } else if ('duplicate' in res.body) {
      showAnswer('duplicate', t('console.duplicate', { version: res.body.version }));
    } else {
      const warnings = res.body.warnings;
      showAnswer('ok', t('console.published', { version: res.body.version, time: formatTime(res.body.delta.at) }), [warnings.length ? h('ul', { class: 'warnings-list' }, ...warnings.map((w) => h('li', { text: w }))) : null]);
    }
  } catch (error) {
    if (!(error instanceof NoAnswerError)) throw error;
    showAnswer('unknown', t('console.noAnswer'), [h('p', { text: t('console.noAnswerSafe') })]);
  } finally {
    publishing = false;
    setText(publishButton, t('console.publish'));
    updatePreview();
  }
}

function signOut(): void {
  session.signOut();
  showSignedIn();
}

function showSignedIn(): void {
  const signedIn = session.token() !== null;
  byId('signin').hidden = signedIn;
  byId('workspace').hidden = !signedIn;
  byId('signout').hidden = !signedIn;
  if (signedIn) {
    void loadElections();
    void nights.refresh();
  }
  else byId<HTMLInputElement>('token').focus();
}

byId<HTMLFormElement>('signin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = byId<HTMLInputElement>('token');
  if (!token.value.trim()) return;
  session.signIn(token.value);
  token.value = '';
  showSignedIn();
});
byId('signout').addEventListener('click', signOut);
select.addEventListener('change', () => choose(select.value));
byId('new-election').addEventListener('click', () => {
  const define = byId('define');
  define.hidden = !define.hidden;
  if (!define.hidden) define.querySelector('input')?.focus();
});
createDefineForm(byId<HTMLFormElement>('define'), async (electionId, body) => {
  const res = await requestJson<Snapshot>('PUT', `/api/elections/${encodeURIComponent(electionId)}`, { body, token: session.token() ?? '' }).catch(() => null);
  if (!res) return [{ path: '', message: t('console.noAnswerRetry') }];
  const error = errorOf(res);
  if (error) {
    if (error.code === ErrorCode.Unauthorized) signOut();
    return error.issues?.length ? error.issues : [{ path: '', message: explainError(error) }];
  }
  byId('define').hidden = true;
  await loadElections(electionId);
  return [];
});
byId<HTMLFormElement>('bulletin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void publish();
});
publishButton.addEventListener('click', () => void publish());
createGoLive({
  current: () => snapshot,
  token: () => session.token(),
  done: (live) => showAnswer('ok', t('console.isLive', { name: electionName(live), version: live.version })),
  unauthorized: signOut,
});
// Ctrl+Enter (Cmd+Enter) publishes from anywhere in the form: figures are typed under pressure.
byId('desk').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    void publish();
  }
});

showSignedIn();
