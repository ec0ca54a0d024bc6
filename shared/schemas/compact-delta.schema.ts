import { z } from 'zod';
import { CandidateIdSchema } from './election.schema.ts';
import { DeltaSchema } from './snapshot.schema.ts';

/**
 * The `delta` event in its compact form: the round's figures as counted (what a bulletin says), none of
 * what the shared tally functions derive from them (shares, progress, leader, margin, projection, the
 * changes), and of the votes only the candidates whose count changed since `prevVersion`; in a round
 * reported by units, the figures of the units that changed (`units`, as in the full delta). Expanded
 * against the snapshot at `prevVersion` (`expandCompactDelta`), it gives exactly the full `Delta`.
 */
export const CompactDeltaSchema = DeltaSchema.pick({
  electionId: true,
  epoch: true,
  version: true,
  prevVersion: true,
  round: true,
  at: true,
  source: true,
  issuedAt: true,
  ballotsCounted: true,
  ballotsCast: true,
  eligibleVoters: true,
  invalid: true,
  approximate: true,
  final: true,
  settled: true,
  correction: true,
  units: true,
}).extend({
  /** Votes of the candidates whose count changed; the others keep the count they had at `prevVersion`. */
  votes: z.record(CandidateIdSchema, z.int().min(0)),
});
export type CompactDelta = z.infer<typeof CompactDeltaSchema>;
