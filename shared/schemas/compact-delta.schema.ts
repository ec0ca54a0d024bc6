import { z } from 'zod';
import { CandidateIdSchema, ElectionIdSchema } from './election.schema.ts';
import { SettledSchema } from './snapshot.schema.ts';

/**
 * The `delta` event in its compact form: the round's figures as counted (what a bulletin says), none of
 * what the shared tally functions derive from them (shares, progress, leader, margin, projection, the
 * changes), and of the votes only the candidates whose count changed since `prevVersion`. Expanded
 * against the snapshot at `prevVersion` (`expandCompactDelta`), it gives exactly the full `Delta`.
 */
export const CompactDeltaSchema = z.object({
  electionId: ElectionIdSchema,
  epoch: z.string(),
  version: z.int().min(1),
  prevVersion: z.int().min(0),
  round: z.int().min(1),
  at: z.string(),
  source: z.string().nullable(),
  issuedAt: z.string().nullable(),
  ballotsCounted: z.int().min(0),
  ballotsCast: z.int().min(0).nullable(),
  /** The eligible voters in force for the round (the election's, or a bulletin's override). */
  eligibleVoters: z.int().positive().nullable(),
  approximate: z.boolean(),
  final: z.boolean(),
  /** Votes of the candidates whose count changed; the others keep the count they had at `prevVersion`. */
  votes: z.record(CandidateIdSchema, z.int().min(0)),
  settled: SettledSchema.nullable(),
  correction: z.boolean(),
});
export type CompactDelta = z.infer<typeof CompactDeltaSchema>;
