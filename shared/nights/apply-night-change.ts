import type { NightChange, NightSnapshot } from '../schemas/night.schema.ts';
import { nightSummary } from './night-summary.ts';

/** What a client does with a `night` event: the night after it, nothing (already held), or catch up. */
export type NightApplied = { kind: 'applied'; snapshot: NightSnapshot } | { kind: 'stale' } | { kind: 'gap' };

/**
 * Applies a `night` event to the night held. Same epoch and `prevVersion` at or below the version held
 * (never a gap), else `gap`: subscribe again with `sinceVersion` and `epoch`. An event at or below the
 * version held changes nothing (one that arrived while subscribing). Each line replaces the one held
 * unless that one is of a later election version; the summary is computed again from the lines, so it
 * is exact whatever the event carried.
 */
export function applyNightChange(held: NightSnapshot, change: NightChange): NightApplied {
  if (change.nightId !== held.nightId || change.epoch !== held.epoch || change.prevVersion > held.version) return { kind: 'gap' };
  if (change.version <= held.version) return { kind: 'stale' };
  const byId = new Map(change.contests.map((c) => [c.electionId, c]));
  const contests = held.contests.map((line) => {
    const next = byId.get(line.electionId);
    return next && next.version >= line.version ? next : line;
  });
  return {
    kind: 'applied',
    snapshot: { ...held, version: change.version, updatedAt: change.updatedAt, contests, summary: nightSummary(contests, held.majority) },
  };
}
