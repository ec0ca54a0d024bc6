import { ErrorCode } from '../codes/error-codes.ts';
import type { Bulletin } from '../schemas/bulletin.schema.ts';
import { findRound, type RoundState, type StoredElection } from './election-state.ts';
import { APPROXIMATE_TOLERANCE, formatCount } from './figures.ts';
import { mergeRound } from './merge-round.ts';
import type { BulletinCheck } from './problems.ts';
import { checkRoundClosed, checkRoundOpen } from './round-gates.ts';
import { roundCandidates, votesPerBallot } from './rules/index.ts';
import { checkReporting, unitAsRound } from './units.ts';

/** How far ahead of the server clock an `issuedAt` may be (clock skew between newsroom and server). */
export const MAX_CLOCK_SKEW_MS = 10 * 60 * 1000;

/**
 * Compares `value` against an upper `limit`. Exact figures must not exceed it; approximate ones may
 * exceed it by the tolerance, with a warning.
 */
function checkUpperBound(
  out: BulletinCheck,
  approximate: boolean,
  check: { path: string; value: number; limit: number; what: string; limitWhat: string },
): void {
  if (check.value <= check.limit) return;
  const over = check.limit === 0 ? '' : ` ${(((check.value - check.limit) / check.limit) * 100).toFixed(2)} %`;
  const detail = `${check.what} is ${formatCount(check.value)},${over} above ${check.limitWhat} (${formatCount(check.limit)})`;
  if (approximate && check.value <= check.limit * (1 + APPROXIMATE_TOLERANCE)) {
    out.warnings.push(`${detail}; accepted because the figures are approximate (tolerance ${APPROXIMATE_TOLERANCE * 100} %)`);
    return;
  }
  const hint = approximate ? `, beyond the ${APPROXIMATE_TOLERANCE * 100} % tolerance for approximate figures` : '';
  out.problems.push({ code: ErrorCode.InconsistentFigures, path: check.path, message: `${detail}${hint}` });
}

/**
 * Valid votes and invalid ballots make up the ballots counted: exactly, or within the tolerance when
 * the figures are rounded as announced.
 */
function checkInvalid(out: BulletinCheck, approximate: boolean, valid: number, invalid: number, counted: number): void {
  const off = valid + invalid - counted;
  if (off === 0) return;
  const detail = `the candidates' total (${formatCount(valid)}) and invalid ballots (${formatCount(invalid)}) add up to ${formatCount(valid + invalid)}, not the ${formatCount(counted)} ballots counted`;
  if (approximate && Math.abs(off) <= counted * APPROXIMATE_TOLERANCE) {
    out.warnings.push(`${detail}; accepted because the figures are approximate (tolerance ${APPROXIMATE_TOLERANCE * 100} %)`);
    return;
  }
  const hint = approximate ? `, beyond the ${APPROXIMATE_TOLERANCE * 100} % tolerance for approximate figures` : '';
  out.problems.push({ code: ErrorCode.InconsistentFigures, path: 'invalid', message: `${detail}${hint}` });
}

/** A block vote: a ballot names up to one candidate per seat, so no candidate has more votes than ballots, nor all more than seats × ballots. */
function checkBlockVote(out: BulletinCheck, approximate: boolean, next: RoundState, perBallot: number): void {
  const limit = next.ballotsCounted;
  for (const [id, votes] of Object.entries(next.votes)) {
    checkUpperBound(out, approximate, { path: `votes.${id}`, value: votes, limit, what: `${id}'s votes`, limitWhat: 'the ballots counted (one vote per ballot at most)' });
  }
  const sum = Object.values(next.votes).reduce((a, b) => a + b, 0);
  checkUpperBound(out, approximate, { path: 'votes', value: sum, limit: limit * perBallot, what: "the candidates' total", limitWhat: `${perBallot} votes per ballot counted` });
}

function checkCandidates(out: BulletinCheck, stored: StoredElection, bulletin: Bulletin): void {
  const known = new Set(stored.definition.candidates.map((c) => c.id));
  const standing = new Set(roundCandidates(stored.definition, stored.state, bulletin.round).map((c) => c.id));
  for (const id of Object.keys(bulletin.votes)) {
    if (!known.has(id)) {
      out.problems.push({
        code: ErrorCode.UnknownCandidate,
        path: `votes.${id}`,
        message: `"${id}" is not a candidate of this election (candidates: ${[...known].join(', ')})`,
      });
    } else if (bulletin.round === 2 && standing.size > 0 && !standing.has(id)) {
      out.problems.push({
        code: ErrorCode.NotInRunoff,
        path: `votes.${id}`,
        message: `"${id}" is not in the runoff (${[...standing].join(' vs ')})`,
      });
    }
  }
}

function checkFigures(out: BulletinCheck, stored: StoredElection, next: RoundState, bulletin: Bulletin, now: Date): void {
  const eligible = next.eligibleVoters ?? stored.definition.eligibleVoters ?? null;
  const { approximate } = next;
  if (next.ballotsCast !== null) {
    // A cast figure from an earlier bulletin is an estimate the newsroom may have forgotten about.
    const castWhat = bulletin.ballotsCast === undefined ? 'ballots cast given by an earlier bulletin (send ballotsCast if it changed)' : 'ballots cast';
    checkUpperBound(out, approximate, { path: 'ballotsCounted', value: next.ballotsCounted, limit: next.ballotsCast, what: 'ballots counted', limitWhat: castWhat });
  }
  if (eligible !== null) {
    checkUpperBound(out, approximate, { path: 'ballotsCounted', value: next.ballotsCounted, limit: eligible, what: 'ballots counted', limitWhat: 'eligible voters' });
    if (next.ballotsCast !== null) {
      checkUpperBound(out, approximate, { path: 'ballotsCast', value: next.ballotsCast, limit: eligible, what: 'ballots cast', limitWhat: 'eligible voters' });
    }
  }
  const sum = Object.values(next.votes).reduce((a, b) => a + b, 0);
  const perBallot = votesPerBallot(stored.definition);
  if (perBallot === 1) {
    checkUpperBound(out, approximate, { path: 'votes', value: sum, limit: next.ballotsCounted, what: "the candidates' total", limitWhat: 'the ballots counted' });
    if (bulletin.invalid !== undefined) checkInvalid(out, approximate, sum, bulletin.invalid, next.ballotsCounted);
  } else {
    checkBlockVote(out, approximate, next, perBallot);
    if (bulletin.invalid !== undefined) checkUpperBound(out, approximate, { path: 'invalid', value: bulletin.invalid, limit: next.ballotsCounted, what: 'invalid ballots', limitWhat: 'the ballots counted' });
  }
  const { issuedAt } = bulletin;
  if (issuedAt !== undefined && Date.parse(issuedAt) - now.getTime() > MAX_CLOCK_SKEW_MS) {
    out.problems.push({ code: ErrorCode.InconsistentFigures, path: 'issuedAt', message: `${issuedAt} is in the future (more than 10 minutes ahead of the server clock)` });
  }
}

function checkOrdering(out: BulletinCheck, previous: RoundState | undefined, bulletin: Bulletin, names: Map<string, string>): void {
  if (!previous) return;
  if (bulletin.correction) {
    for (const [id, votes] of Object.entries(bulletin.votes)) {
      const before = previous.votes[id] ?? 0;
      if (votes < before) out.warnings.push(`correction: ${names.get(id) ?? id} lowered from ${formatCount(before)} to ${formatCount(votes)}`);
    }
    if (bulletin.ballotsCounted < previous.ballotsCounted) {
      out.warnings.push(`correction: ballots counted lowered from ${formatCount(previous.ballotsCounted)} to ${formatCount(bulletin.ballotsCounted)}`);
    }
    return;
  }
  if (previous.final) {
    out.problems.push({ code: ErrorCode.RoundFinal, path: 'correction', message: `round ${bulletin.round} is final; send correction: true to amend it` });
  }
  if (bulletin.ballotsCounted < previous.ballotsCounted) {
    out.problems.push({
      code: ErrorCode.CountsBackwards,
      path: 'ballotsCounted',
      message: `goes down from ${formatCount(previous.ballotsCounted)} to ${formatCount(bulletin.ballotsCounted)}; send correction: true if the earlier figure was wrong`,
    });
  }
  for (const [id, votes] of Object.entries(bulletin.votes)) {
    const before = previous.votes[id] ?? 0;
    if (votes < before) {
      out.problems.push({
        code: ErrorCode.CountsBackwards,
        path: `votes.${id}`,
        message: `${names.get(id) ?? id} goes down from ${formatCount(before)} to ${formatCount(votes)}; send correction: true if the earlier figure was wrong`,
      });
    }
  }
  if (bulletin.issuedAt && previous.issuedAt && Date.parse(bulletin.issuedAt) < Date.parse(previous.issuedAt)) {
    out.problems.push({
      code: ErrorCode.StaleBulletin,
      path: 'issuedAt',
      message: `issued at ${bulletin.issuedAt}, before the latest accepted bulletin (${previous.issuedAt}); send correction: true to apply it anyway`,
    });
  }
}

function noteCarriedForward(out: BulletinCheck, previous: RoundState | undefined, bulletin: Bulletin, names: Map<string, string>): void {
  for (const [id, votes] of Object.entries(previous?.votes ?? {})) {
    if (votes > 0 && !(id in bulletin.votes)) {
      out.warnings.push(`no figure for ${names.get(id) ?? id} in this bulletin: kept ${formatCount(votes)} from the previous one`);
    }
  }
}

/**
 * Every rule a bulletin must pass against the election's latest state, each problem naming its
 * field. Invalid figures (422) are listed before conflicts with earlier bulletins (409).
 */
export function checkBulletin(stored: StoredElection, bulletin: Bulletin, now: Date): BulletinCheck {
  const out: BulletinCheck = { problems: [], warnings: [] };
  const names = new Map(stored.definition.candidates.map((c) => [c.id, c.name]));
  const round = findRound(stored.state, bulletin.round);
  const reporting = checkReporting(stored.definition, round, bulletin);
  if (reporting.length > 0) return { problems: reporting, warnings: [] };
  // A unit's bulletin is checked against that unit's previous figures, like a round of its own.
  const previous = bulletin.reportingUnit === undefined ? round : unitAsRound(bulletin.round, round?.units?.[bulletin.reportingUnit]);
  const notOpen = checkRoundOpen(stored, bulletin);
  if (notOpen) out.problems.push(notOpen);
  checkCandidates(out, stored, bulletin);
  checkFigures(out, stored, mergeRound(previous, bulletin), bulletin, now);
  const conflicts: BulletinCheck = { problems: [], warnings: [] };
  const closed = checkRoundClosed(stored, bulletin);
  if (closed) conflicts.problems.push(closed);
  // A correction's ordering notes are warnings only, so a closed round still gets them.
  if (!closed || bulletin.correction) checkOrdering(conflicts, previous, bulletin, names);
  noteCarriedForward(out, previous, bulletin, names);
  return { problems: [...out.problems, ...conflicts.problems], warnings: [...out.warnings, ...conflicts.warnings] };
}
