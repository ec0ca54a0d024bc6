import type { Bulletin } from '../schemas/bulletin.schema.ts';
import type { ElectionDefinition } from '../schemas/election.schema.ts';
import type { UnitFigures } from '../schemas/units.schema.ts';
import type { RoundState } from './election-state.ts';

/** The round's figures after a national bulletin: omitted votes, cast and eligible figures carry forward. */
export function mergeRound(previous: RoundState | undefined, bulletin: Bulletin): RoundState {
  return {
    round: bulletin.round,
    ballotsCounted: bulletin.ballotsCounted,
    ballotsCast: bulletin.ballotsCast ?? previous?.ballotsCast ?? null,
    eligibleVoters: bulletin.eligibleVoters ?? previous?.eligibleVoters ?? null,
    approximate: bulletin.approximate,
    final: bulletin.final,
    source: bulletin.source ?? null,
    issuedAt: bulletin.issuedAt ?? null,
    votes: { ...previous?.votes, ...bulletin.votes },
    // Not carried forward: a stated figure belongs to the ballots counted it was stated with.
    ...(bulletin.invalid !== undefined ? { invalid: bulletin.invalid } : {}),
    // A correction may undo what earlier figures established: decide again from scratch.
    settled: bulletin.correction ? null : (previous?.settled ?? null),
  };
}

/** A unit bulletin's figures merged over the unit's previous ones (omitted votes and cast carry forward). */
function mergeUnit(previous: UnitFigures | undefined, bulletin: Bulletin): UnitFigures {
  const figures: UnitFigures = { ballotsCounted: bulletin.ballotsCounted, votes: { ...previous?.votes, ...bulletin.votes } };
  const cast = bulletin.ballotsCast ?? previous?.ballotsCast;
  if (cast !== undefined) figures.ballotsCast = cast;
  if (bulletin.invalid !== undefined) figures.invalid = bulletin.invalid;
  if (bulletin.percentExpected !== undefined) figures.percentExpected = bulletin.percentExpected;
  if (bulletin.approximate) figures.approximate = true;
  if (bulletin.final) figures.final = true;
  if (bulletin.issuedAt !== undefined) figures.issuedAt = bulletin.issuedAt;
  return figures;
}

/**
 * The round after a unit bulletin: the unit's figures replaced, the round's totals the sum of every
 * unit's latest. Expected ballots are the sum of the units' expectations when every unit has one; the
 * round is final once every listed unit is.
 */
export function mergeUnitRound(definition: ElectionDefinition, previous: RoundState | undefined, bulletin: Bulletin): RoundState {
  const units = { ...previous?.units, [bulletin.reportingUnit!]: mergeUnit(previous?.units?.[bulletin.reportingUnit!], bulletin) };
  const listed = definition.units ?? [];
  const votes: Record<string, number> = {};
  let ballotsCounted = 0;
  for (const figures of Object.values(units)) {
    ballotsCounted += figures.ballotsCounted;
    for (const [id, v] of Object.entries(figures.votes)) votes[id] = (votes[id] ?? 0) + v;
  }
  // A unit that counted past its expectation bounds itself by what it counted.
  const expectations = listed.map((u) => {
    const expected = units[u.id]?.ballotsCast ?? u.expectedBallots ?? null;
    return expected === null ? null : Math.max(expected, units[u.id]?.ballotsCounted ?? 0);
  });
  const ballotsCast = expectations.every((e) => e !== null) ? expectations.reduce<number>((a, b) => a + b!, 0) : null;
  return {
    round: bulletin.round,
    ballotsCounted,
    ballotsCast,
    eligibleVoters: bulletin.eligibleVoters ?? previous?.eligibleVoters ?? null,
    approximate: Object.values(units).some((u) => u.approximate === true),
    final: listed.length > 0 && listed.every((u) => units[u.id]?.final === true),
    source: bulletin.source ?? null,
    issuedAt: bulletin.issuedAt ?? previous?.issuedAt ?? null,
    votes,
    settled: bulletin.correction ? null : (previous?.settled ?? null),
    units,
  };
}

/** The round a bulletin leaves: a unit's bulletin merges into its unit, a national one into the round. */
export function roundAfter(definition: ElectionDefinition, previous: RoundState | undefined, bulletin: Bulletin): RoundState {
  return bulletin.reportingUnit === undefined ? mergeRound(previous, bulletin) : mergeUnitRound(definition, previous, bulletin);
}
