import { ErrorCode } from '../codes/error-codes.ts';
import type { ElectionDefinition } from '../schemas/election.schema.ts';
import { findRound, type StoredElection } from './election-state.ts';
import { formatCount } from './figures.ts';
import type { BulletinProblem } from './problems.ts';
import { roundTwoOf } from './rules/index.ts';

/**
 * Whether `next` may replace the definition of an election that already has results: names, parties
 * and colours may change freely; a candidate with votes may not disappear, and the rule may not change
 * in a way that rewrites a runoff already under way.
 */
export function checkDefinitionChange(stored: StoredElection, next: ElectionDefinition): BulletinProblem[] {
  const problems: BulletinProblem[] = [];
  const kept = new Set(next.candidates.map((c) => c.id));
  const withVotes = new Set(stored.state.rounds.flatMap((r) => Object.entries(r.votes).filter(([, v]) => v > 0).map(([id]) => id)));
  for (const id of withVotes) {
    if (!kept.has(id)) {
      problems.push({ code: ErrorCode.DefinitionConflict, path: 'candidates', message: `candidate "${id}" already has votes and cannot be removed` });
    }
  }
  const keptUnits = new Set(next.units?.map((u) => u.id));
  const unitsWithFigures = new Set(stored.state.rounds.flatMap((r) => Object.keys(r.units ?? {})));
  for (const id of unitsWithFigures) {
    if (!keptUnits.has(id)) {
      problems.push({ code: ErrorCode.DefinitionConflict, path: 'units', message: `reporting unit "${id}" already has figures and cannot be removed` });
    }
  }
  if (findRound(stored.state, 2)) {
    const before = roundTwoOf(stored.definition, stored.state)?.field.join(' vs ');
    const after = roundTwoOf(next, stored.state)?.field.join(' vs ');
    if (before !== after) {
      problems.push({ code: ErrorCode.DefinitionConflict, path: 'rule', message: `this rule would change the runoff under way (${before} becomes ${after ?? 'no runoff'})` });
    }
  }
  if (next.eligibleVoters !== undefined) {
    for (const round of stored.state.rounds) {
      const reached = Math.max(round.ballotsCounted, round.ballotsCast ?? 0);
      if (round.eligibleVoters === null && !round.approximate && reached > next.eligibleVoters) {
        problems.push({
          code: ErrorCode.InconsistentFigures,
          path: 'eligibleVoters',
          message: `is ${formatCount(next.eligibleVoters)}, below the ${formatCount(reached)} ballots already reported in round ${round.round}`,
        });
      }
    }
  }
  return problems;
}
