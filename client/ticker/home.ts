import '@fontsource-variable/inter/wght.css';
import '../styles/base.css';
import '../styles/ticker.css';
import { fetchElections, fetchSnapshot } from '../common/api.ts';
import { byId, h, setText } from '../common/dom.ts';
import { formatTime } from '../common/format.ts';
import { electionHeadline } from '../common/headline.ts';
import { isRehearsal, TEST_MARK } from '../common/rehearsal.ts';

/** The most elections the home page details (each costs a request). */
const DETAILED = 30;
const REFRESH_MS = 60_000;

async function load(): Promise<void> {
  const notice = byId('notice');
  const list = byId('elections');
  try {
    const elections = await fetchElections();
    const snapshots = await Promise.all(elections.slice(0, DETAILED).map((e) => fetchSnapshot(e.electionId).catch(() => null)));
    notice.hidden = elections.length > 0;
    setText(notice, 'No elections yet. The newsroom defines them in the console.');
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
            h('h2', {}, snapshot && isRehearsal(snapshot) ? h('span', { class: 'test-mark', text: TEST_MARK, attrs: { title: 'Rehearsal: practice figures, not results' } }) : null, e.name),
            head ? h('p', { class: 'headline-line', text: head.text }) : null,
            h('p', { class: 'meta', text: `Updated ${formatTime(e.updatedAt)}` }),
          ),
        );
      }),
    );
  } catch (error) {
    notice.hidden = false;
    setText(notice, `The list of elections cannot be loaded right now (${error instanceof Error ? error.message : 'no answer'}).`);
  }
}

void load();
setInterval(() => void load(), REFRESH_MS);
