import type { BulletinRecord } from '../../shared/schemas/api.schema.ts';
import type { Delta, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { h } from '../common/dom.ts';
import { formatChange, formatCount, formatTime } from '../common/format.ts';
import { t } from '../common/i18n.ts';

/** One accepted bulletin as the timeline lists it, from the history (on load) or a live delta. */
export interface TimelineItem {
  version: number;
  at: string;
  round: number;
  source: string | null;
  ballotsCounted: number;
  change: number | null;
  final: boolean;
  correction: boolean;
}

export const itemFromDelta = (d: Delta): TimelineItem => ({
  version: d.version,
  at: d.at,
  round: d.round,
  source: d.source,
  ballotsCounted: d.ballotsCounted,
  change: d.ballotsCountedChange,
  final: d.final,
  correction: d.correction,
});

export const itemFromRecord = (r: BulletinRecord): TimelineItem => ({
  version: r.version,
  at: r.receivedAt,
  round: r.bulletin.round ?? 1,
  source: r.bulletin.source ?? null,
  ballotsCounted: r.bulletin.ballotsCounted,
  change: null,
  final: r.bulletin.final ?? false,
  correction: r.bulletin.correction ?? false,
});

/** The most recent bulletins, newest first, at most `limit`, each version once. */
export function createTimeline(list: HTMLOListElement, limit = 8) {
  const items = new Map<number, TimelineItem>();

  function render(snapshot: Snapshot | null): void {
    const runoff = (snapshot?.rounds.length ?? 0) > 1;
    const newest = [...items.values()].sort((a, b) => b.version - a.version).slice(0, limit);
    list.replaceChildren(
      ...newest.map((item) =>
        h(
          'li',
          { attrs: { 'data-version': String(item.version) } },
          h('time', { class: 'num', text: formatTime(item.at), attrs: { datetime: item.at } }),
          h(
            'span',
            { class: 'what' },
            runoff
              ? t('timeline.whatRound', { source: item.source ?? t('timeline.bulletin'), round: t(item.round === 2 ? 'timeline.runoff' : 'timeline.firstRound'), count: formatCount(item.ballotsCounted) })
              : t('timeline.what', { source: item.source ?? t('timeline.bulletin'), count: formatCount(item.ballotsCounted) }),
            item.change ? h('span', { class: 'num muted', text: ` (${formatChange(item.change)})` }) : null,
            item.final ? h('span', { class: 'tag', text: t('timeline.final') }) : null,
            item.correction ? h('span', { class: 'tag', text: t('timeline.correction') }) : null,
          ),
        ),
      ),
    );
  }

  return {
    add(item: TimelineItem): void {
      const known = items.get(item.version);
      // A live delta knows the change; keep it over the history's copy.
      items.set(item.version, known && known.change !== null && item.change === null ? known : item);
    },
    clear(): void {
      items.clear();
    },
    get size(): number {
      return items.size;
    },
    render,
  };
}
