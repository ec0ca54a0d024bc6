import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/vazirmatn/wght.css';
import '../styles/base.css';
import '../styles/ticker.css';
import { fetchElections, fetchNights, fetchSnapshot } from '../common/api.ts';
import { byId, h, setText } from '../common/dom.ts';
import { formatTime } from '../common/format.ts';
import { electionHeadline, electionName } from '../common/headline.ts';
import { applyToDocument, nameFor, startI18n, t } from '../common/i18n.ts';
import { isRehearsal, testMark } from '../common/rehearsal.ts';

/** The most elections the home page details (each costs a request). */
const DETAILED = 30;
const REFRESH_MS = 60_000;

/** Nights first: a ballot day of many contests is where most readers start. */
async function loadNights(): Promise<void> {
  const nights = await fetchNights().catch(() => []);
  byId('nights-section').hidden = nights.length === 0;
  byId('nights').replaceChildren(
    ...nights.map((n) =>
      h(
        'li',
        { attrs: { 'data-night': n.nightId } },
        h(
          'a',
          { class: 'election-card card', attrs: { href: `/n/${encodeURIComponent(n.nightId)}` } },
          h('h2', { text: nameFor(n) }),
          h('p', { class: 'meta', text: t('home.nightMeta', { contests: n.contests, time: formatTime(n.updatedAt) }) }),
        ),
      ),
    ),
  );
}

async function load(): Promise<void> {
  void loadNights();
  const notice = byId('notice');
  const list = byId('elections');
  try {
    const elections = await fetchElections();
    const snapshots = await Promise.all(elections.slice(0, DETAILED).map((e) => fetchSnapshot(e.electionId).catch(() => null)));
    notice.hidden = elections.length > 0;
    setText(notice, t('home.none'));
    list.replaceChildren(
      ...elections.map((e, i) => {
        const snapshot = snapshots[i];
        const head = snapshot ? electionHeadline(snapshot) : null;
        return h(
          'li',
          {},
          h(
            'a',
            { class: 'election-card card', attrs: { href: `/e/${encodeURIComponent(e.electionId)}` } },
            h('h2', {}, isRehearsal(e) ? h('span', { class: 'test-mark', text: testMark(), attrs: { title: t('test.cardTitle') } }) : null, snapshot ? electionName(snapshot) : e.name),
            head ? h('p', { class: 'headline-line', text: head.text }) : null,
            h('p', { class: 'meta', text: t('home.updated', { time: formatTime(e.updatedAt) }) }),
          ),
        );
      }),
    );
  } catch (error) {
    notice.hidden = false;
    setText(notice, t('home.cannotLoad', { message: error instanceof Error ? error.message : t('home.noAnswer') }));
  }
}

// The list spans elections, so only the reader decides the language here (`?lang=`, the browser's).
await startI18n();
applyToDocument();
void load();
setInterval(() => void load(), REFRESH_MS);
