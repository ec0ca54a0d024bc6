import type { Delta } from '../schemas/snapshot.schema.ts';
import { percentChange } from './figures.ts';

/**
 * One delta that does the work of `first` then `second`: applying it to the snapshot at
 * `first.prevVersion` gives exactly what applying both gives. Figures are `second`'s (a delta carries
 * every figure of its round); the changes add up over both; the `...Changed` flags and `correction` say
 * whether it happened at any point in between (a leader who lost and regained the lead within the
 * window still reads as a change, which is what a graphic wants to flash).
 *
 * Returns null when the two cannot be combined: another election or epoch, not consecutive
 * (`second.prevVersion !== first.version`), or another round (a delta carries one round only). The
 * caller then sends `first` as it is.
 */
export function conflate(first: Delta, second: Delta): Delta | null {
  if (first.electionId !== second.electionId || first.epoch !== second.epoch) return null;
  if (second.prevVersion !== first.version || second.round !== first.round) return null;
  const before = new Map(first.candidates.map((c) => [c.id, c]));
  return {
    ...second,
    prevVersion: first.prevVersion,
    ballotsCountedChange: first.ballotsCountedChange + second.ballotsCountedChange,
    candidates: second.candidates.map((c) => {
      const earlier = before.get(c.id);
      if (!earlier) return { ...c };
      return {
        ...c,
        votesChange: earlier.votesChange + c.votesChange,
        shareChange: percentChange(c.share, earlier.share - earlier.shareChange),
      };
    }),
    leaderChanged: first.leaderChanged || second.leaderChanged,
    projectionChanged: first.projectionChanged || second.projectionChanged,
    correction: first.correction || second.correction,
    ...conflatedUnitsAndStatus(first, second),
  };
}

/** Units changed in either delta (the later figures win); a status change from before `first` to after `second`. */
function conflatedUnitsAndStatus(first: Delta, second: Delta): Pick<Delta, 'units' | 'statusChange'> {
  const out: Pick<Delta, 'units' | 'statusChange'> = {};
  if (first.units || second.units) {
    const byId = new Map((first.units ?? []).map((u) => [u.id, u]));
    for (const u of second.units ?? []) byId.set(u.id, u);
    out.units = [...byId.values()];
  }
  const from = first.statusChange ? first.statusChange.from : first.projection.status;
  if (from !== second.projection.status) out.statusChange = { from, to: second.projection.status };
  return out;
}
