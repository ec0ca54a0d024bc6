import type { ElectionDefinition } from '../schemas/election.schema.ts';
import type { Snapshot } from '../schemas/snapshot.schema.ts';
import { deskFromRounds } from './desk-overlay.ts';
import type { ElectionState, RoundState, StoredElection } from './election-state.ts';

/**
 * The election a snapshot describes, as the pure functions take it: what a page (the console's
 * preview) needs to evaluate a bulletin exactly as the server will. Candidates at zero stand for
 * candidates not yet reported; the checks treat the two alike.
 */
export function electionFromSnapshot(snapshot: Snapshot): StoredElection {
  const definition: ElectionDefinition = {
    name: snapshot.name,
    rule: snapshot.rule,
    ...(snapshot.seats !== undefined ? { seats: snapshot.seats } : {}),
    candidates: snapshot.candidates,
    ...(snapshot.eligibleVoters === null ? {} : { eligibleVoters: snapshot.eligibleVoters }),
    ...(snapshot.mode === 'test' ? { mode: 'test' as const } : {}),
    ...(snapshot.units ? { units: snapshot.units } : {}),
  };
  const rounds = snapshot.rounds.map((r): RoundState => ({
      round: r.round,
      ballotsCounted: r.ballotsCounted,
      ballotsCast: r.ballotsCast,
      // The snapshot gives the eligible voters in force; only a different figure was an override.
      eligibleVoters: r.eligibleVoters !== snapshot.eligibleVoters ? r.eligibleVoters : null,
      approximate: r.approximate,
      final: r.final,
      source: r.source,
      issuedAt: r.issuedAt,
      votes: Object.fromEntries(r.candidates.map((c) => [c.id, c.votes])),
      // Stated or derived, the figure is the same; a unit-reported round adds up its units' instead.
      ...(r.units ? {} : { invalid: r.invalid }),
      settled: r.settled,
      ...(r.units ? { units: Object.fromEntries(r.units.map(({ id, ...figures }) => [id, figures])) } : {}),
  }));
  const state: ElectionState = { version: snapshot.version, epoch: snapshot.epoch, createdAt: snapshot.updatedAt, updatedAt: snapshot.updatedAt, rounds };
  // The desk's calls, so a preview shows `called` where the server will.
  const desk = deskFromRounds(snapshot.rounds, snapshot.version);
  if (desk) state.desk = desk;
  return { electionId: snapshot.electionId, definition, state };
}
