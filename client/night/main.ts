import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/vazirmatn/wght.css';
import '../styles/base.css';
import '../styles/ticker.css';
import '../styles/night.css';
import type { NightContest, NightSnapshot } from '../../shared/schemas/night.schema.ts';
import { electionIdFromPath } from '../common/api.ts';
import { renderConnection } from '../common/connection-badge.ts';
import { byId, h, setText } from '../common/dom.ts';
import { formatCount, formatTime } from '../common/format.ts';
import { applyToDocument, nameFor, startI18n, t } from '../common/i18n.ts';
import { createTallyClient } from '../sdk/index.ts';
import { contestItem, keyLines, partyRows, renderParliament, renderSummaryText } from './night-view.ts';

const nightId = electionIdFromPath();
const notice = byId('notice');
const regionFilter = byId<HTMLSelectElement>('filter-region');
const statusFilter = byId<HTMLSelectElement>('filter-status');
const list = byId('contest-list');
/** Each contest's item and the version it shows: only lines that changed are built again. */
const items = new Map<string, { el: HTMLLIElement; version: number; status: string }>();
let held: NightSnapshot | null = null;

await startI18n();
applyToDocument();

function fillFilters(night: NightSnapshot): void {
  const keep = (select: HTMLSelectElement) => select.value;
  const region = keep(regionFilter);
  regionFilter.replaceChildren(h('option', { attrs: { value: '' }, text: t('night.allRegions') }), ...night.regions.map((r) => h('option', { attrs: { value: r.id }, text: nameFor(r) })));
  regionFilter.value = night.regions.some((r) => r.id === region) ? region : '';
  regionFilter.closest('label')!.hidden = night.regions.length === 0;
  if (statusFilter.options.length === 0) {
    statusFilter.append(h('option', { attrs: { value: '' }, text: t('night.allStatuses') }), ...(['counting', 'decided', 'not-started'] as const).map((s) => h('option', { attrs: { value: s }, text: t(`night.status.${s}`) })));
  }
}

function applyFilters(): void {
  const region = regionFilter.value;
  const status = statusFilter.value;
  let shown = 0;
  for (const { el } of items.values()) {
    const visible = (!region || el.dataset.region === region) && (!status || el.dataset.status === status);
    el.hidden = !visible;
    if (visible) shown += 1;
  }
  setText(byId('shown'), t('night.shown', { shown: formatCount(shown), total: formatCount(items.size) }));
}

/** Builds again the items whose line changed, in the definition's order; the rest stay as they are. */
function renderContests(lines: readonly NightContest[]): void {
  const seen = new Set<string>();
  const ordered = lines.map((line) => {
    seen.add(line.electionId);
    const held = items.get(line.electionId);
    if (held && held.version === line.version && held.el.dataset.region === (line.region ?? '')) return held.el;
    const el = contestItem(line);
    if (held) el.hidden = held.el.hidden;
    items.set(line.electionId, { el, version: line.version, status: line.status });
    return el;
  });
  for (const id of [...items.keys()]) if (!seen.has(id)) items.delete(id);
  if (ordered.some((el, i) => list.children[i] !== el) || list.children.length !== ordered.length) list.replaceChildren(...ordered);
}

function render(night: NightSnapshot): void {
  const epochChanged = held?.epoch !== night.epoch;
  held = night;
  const name = nameFor(night);
  document.title = t('night.docTitle', { name });
  setText(byId('title'), name);
  setText(byId('meta'), t('night.meta', { contests: night.contests.length, time: formatTime(night.updatedAt) }));
  notice.hidden = true;
  byId('summary').hidden = false;
  byId('all').hidden = false;
  setText(byId('seats-line'), '');
  renderSummaryText({ seats: byId('seats-line'), majority: byId('majority'), contests: byId('contests-line'), turnout: byId('turnout') }, night.summary);
  const parliament = byId('parliament');
  renderParliament(parliament, night.summary);
  parliament.setAttribute('aria-label', byId('seats-line').textContent ?? '');
  const changes = night.summary.parties.some((p) => p.gains + p.losses > 0);
  byId('change-head').hidden = !changes;
  byId('parties').replaceChildren(...partyRows(night.summary.parties, changes));
  const key = keyLines(night);
  byId('key').hidden = key.length === 0;
  byId('key-list').replaceChildren(...key.map(contestItem));
  if (epochChanged) fillFilters(night);
  renderContests(night.contests);
  applyFilters();
}

regionFilter.addEventListener('change', applyFilters);
statusFilter.addEventListener('change', applyFilters);

// Nights follow over the socket only (they have no poll path yet).
const client = createTallyClient({ transports: ['websocket', 'polling'], transport: 'socket' });
client.followNight(nightId, {
  onNight: render,
  onStatus: (status) => renderConnection(byId('connection'), status),
  onError: (error) => {
    notice.hidden = false;
    setText(notice, error.code === 'not_found' ? t('night.notFound', { nightId }) : t('night.cannotLoad', { message: error.message }));
  },
});
