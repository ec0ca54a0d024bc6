import type { NightListItem, NightSnapshot } from '../../shared/schemas/night.schema.ts';
import { errorOf } from '../common/api.ts';
import { byId, h, setText } from '../common/dom.ts';
import { nameFor, t } from '../common/i18n.ts';
import { requestJson } from '../sdk/json-request.ts';
import { explainError } from './explain.ts';
import { session } from './session.ts';

/** Election ids as a desk pastes them: separated by commas, spaces or new lines. */
export function contestIds(text: string): string[] {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

/**
 * The console's nights: define or replace one (id, name, contests, majority), and see, for a night,
 * which contests have not reported yet, each linking to its page. One night snapshot per look.
 */
export function createNightPanel(root: HTMLElement) {
  const form = byId<HTMLFormElement>('night-form');
  const answer = byId('night-answer');
  const select = byId<HTMLSelectElement>('night-select');
  const missing = byId('night-missing');

  async function show(nightId: string): Promise<void> {
    const got = await requestJson<NightSnapshot>('GET', `/api/nights/${encodeURIComponent(nightId)}`, { token: session.token() ?? undefined });
    if (errorOf(got)) return missing.replaceChildren();
    const waiting = got.body.contests.filter((c) => c.status === 'not-started');
    missing.replaceChildren(
      h('p', { class: 'muted', attrs: { 'data-missing': String(waiting.length) }, text: t('console.nightMissing', { missing: waiting.length, total: got.body.contests.length }) }),
      h('ul', { class: 'missing-list' }, ...waiting.map((c) => h('li', { attrs: { 'data-contest': c.electionId } }, h('a', { attrs: { href: `/e/${encodeURIComponent(c.electionId)}` }, text: nameFor(c) })))),
      h('a', { attrs: { href: `/n/${encodeURIComponent(nightId)}` }, text: t('console.nightOpen') }),
    );
  }

  async function refresh(select_?: string): Promise<void> {
    const got = await requestJson<{ nights: NightListItem[] }>('GET', '/api/nights');
    if (errorOf(got)) return;
    const keep = select_ ?? select.value;
    select.replaceChildren(...got.body.nights.map((n) => h('option', { attrs: { value: n.nightId }, text: `${nameFor(n)} (${n.nightId})` })));
    root.hidden = false;
    if (got.body.nights.some((n) => n.nightId === keep)) select.value = keep;
    if (select.value) await show(select.value);
    else missing.replaceChildren();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const nightId = String(data.get('nightId') ?? '').trim();
    const majority = Number(data.get('majority'));
    const body = { name: String(data.get('name') ?? '').trim(), contests: contestIds(String(data.get('contests') ?? '')), ...(majority > 0 ? { majority } : {}) };
    void requestJson<NightSnapshot>('PUT', `/api/nights/${encodeURIComponent(nightId)}`, { body, token: session.token() ?? undefined }).then(async (got) => {
      const error = errorOf(got);
      answer.dataset.kind = error ? 'refused' : 'ok';
      if (error) {
        answer.replaceChildren(h('p', { text: `${explainError(error)} ${error.message}` }), h('ul', { class: 'issues' }, ...(error.issues ?? []).map((i) => h('li', { text: `${i.path}: ${i.message}` }))));
        return;
      }
      answer.replaceChildren();
      setText(answer, t('console.nightDefined', { name: got.body.name, contests: got.body.contests.length }));
      await refresh(nightId);
    });
  });
  select.addEventListener('change', () => void show(select.value));
  return { refresh };
}
