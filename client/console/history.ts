import type { BulletinRecord } from '../../shared/schemas/api.schema.ts';
import { fetchBulletins } from '../common/api.ts';
import { h } from '../common/dom.ts';
import { formatCount, formatTime } from '../common/format.ts';
import { t } from '../common/i18n.ts';

/** Every accepted bulletin of the election, newest first, with who posted it (token label) and when. */
export function createHistory(body: HTMLTableSectionElement) {
  let electionId: string | null = null;
  let records: BulletinRecord[] = [];
  let since = 0;
  let loading: Promise<void> | null = null;

  function render(): void {
    const rows = [...records].reverse().map((r) => {
      const b = r.bulletin;
      const flags = [b.final ? t('console.flag.final') : '', b.correction ? t('console.flag.correction') : '', b.approximate ? t('console.flag.approximate') : ''].filter(Boolean).join(', ');
      return h(
        'tr',
        { attrs: { 'data-version': String(r.version) } },
        h('td', { class: 'num', text: String(r.version) }),
        h('td', { class: 'num' }, h('time', { attrs: { datetime: r.receivedAt }, text: formatTime(r.receivedAt) })),
        h('td', { text: r.by }),
        // A unit's bulletin says which unit beside its source.
        h('td', { text: b.reportingUnit ? t('console.unitSource', { source: b.source ?? '—', unit: b.reportingUnit }) : (b.source ?? '—') }),
        h('td', { class: 'num', text: String(b.round ?? 1) }),
        h('td', { class: 'num', text: formatCount(b.ballotsCounted) }),
        h('td', { text: flags || '—' }),
        h('td', { class: 'num', text: r.warnings.length ? String(r.warnings.length) : '—', attrs: { title: r.warnings.join('\n') } }),
      );
    });
    body.replaceChildren(...(rows.length ? rows : [h('tr', {}, h('td', { attrs: { colspan: '8' }, class: 'muted', text: t('console.noBulletin') }))]));
  }

  async function pull(): Promise<void> {
    const id = electionId;
    if (!id) return;
    for (let more = true; more && id === electionId; ) {
      const page = await fetchBulletins(id, since, 500);
      if (id !== electionId) return;
      records.push(...page.bulletins.filter((b) => !records.some((r) => r.version === b.version)));
      since = page.nextSince;
      more = page.hasMore;
    }
    render();
  }

  return {
    /** Shows another election's history (from the start). */
    show(id: string): Promise<void> {
      electionId = id;
      records = [];
      since = 0;
      render();
      return this.refresh();
    },
    /** Fetches what was accepted since the last look; calls in a burst share one request. */
    refresh(): Promise<void> {
      loading ??= pull()
        .catch(() => undefined)
        .finally(() => (loading = null));
      return loading;
    },
  };
}
