import { ErrorCode } from '../codes/error-codes.ts';
import type { Bulletin } from '../schemas/bulletin.schema.ts';
import type { ElectionDefinition } from '../schemas/election.schema.ts';
import type { UnitFigures, UnitSnapshot } from '../schemas/units.schema.ts';
import type { RoundState } from './election-state.ts';
import type { BulletinProblem } from './problems.ts';

/** Whether a round's figures come by reporting unit (its state holds units). */
export function isUnitRound(round: RoundState | undefined): boolean {
  return round?.units !== undefined;
}

/**
 * A bulletin may name a unit only if the definition lists it, and one round takes one kind of
 * bulletin: summing units and overwriting with a national total would count twice or lose units.
 */
export function checkReporting(definition: ElectionDefinition, previous: RoundState | undefined, bulletin: Bulletin): BulletinProblem[] {
  const unitId = bulletin.reportingUnit;
  if (unitId === undefined) {
    if (bulletin.percentExpected !== undefined) {
      return [{ code: ErrorCode.ValidationFailed, path: 'percentExpected', message: 'is only given with a reportingUnit' }];
    }
    if (!isUnitRound(previous)) return [];
    return [{ code: ErrorCode.ReportingConflict, path: 'reportingUnit', message: `round ${bulletin.round} is reported by units: send each unit's figures with reportingUnit, not a national total` }];
  }
  if (!definition.units?.some((u) => u.id === unitId)) {
    const listed = definition.units ? `its units are ${definition.units.slice(0, 5).map((u) => u.id).join(', ')}${definition.units.length > 5 ? ', ...' : ''}` : 'it lists no units';
    return [{ code: ErrorCode.UnknownUnit, path: 'reportingUnit', message: `"${unitId}" is not a reporting unit of this election (${listed})` }];
  }
  if (previous && !isUnitRound(previous)) {
    return [{ code: ErrorCode.ReportingConflict, path: 'reportingUnit', message: `round ${bulletin.round} is reported as a national total: a unit's figures cannot be added to it` }];
  }
  return [];
}

/**
 * One unit's figures seen as a round, so the unit's bulletin passes the very checks a national one
 * does (counts backwards, votes above counted, stale, final) against the unit's own previous figures.
 */
export function unitAsRound(round: number, figures: UnitFigures | undefined): RoundState | undefined {
  if (!figures) return undefined;
  return {
    round,
    ballotsCounted: figures.ballotsCounted,
    ballotsCast: figures.ballotsCast ?? null,
    eligibleVoters: null,
    approximate: figures.approximate ?? false,
    final: figures.final ?? false,
    source: null,
    issuedAt: figures.issuedAt ?? null,
    votes: figures.votes,
    ...(figures.invalid !== undefined ? { invalid: figures.invalid } : {}),
  };
}

/** A round's units as snapshots carry them: the definition's order, only units with figures. */
export function unitSnapshots(definition: ElectionDefinition, round: RoundState): UnitSnapshot[] | undefined {
  if (!round.units) return undefined;
  const units = round.units;
  return (definition.units ?? []).flatMap((u) => (units[u.id] ? [{ id: u.id, ...units[u.id]! }] : []));
}

/** The units whose figures differ between two snapshots of a round (all of `next`'s when there is no previous). */
export function changedUnits(previous: UnitSnapshot[] | undefined, next: UnitSnapshot[] | undefined): UnitSnapshot[] | undefined {
  if (!next) return undefined;
  const before = new Map((previous ?? []).map((u) => [u.id, JSON.stringify(u)]));
  return next.filter((u) => before.get(u.id) !== JSON.stringify(u));
}

/** A round's units after a delta: the changed ones replaced, in the definition's (snapshot's) order. */
export function applyUnits(previous: UnitSnapshot[] | undefined, changed: UnitSnapshot[] | undefined, order: readonly { id: string }[]): UnitSnapshot[] | undefined {
  if (!changed) return previous;
  const byId = new Map((previous ?? []).map((u) => [u.id, u]));
  for (const u of changed) byId.set(u.id, u);
  return order.flatMap((u) => (byId.has(u.id) ? [byId.get(u.id)!] : []));
}
