import type { ElectionSummary } from '../schemas/election.schema.ts';
import type { StoredElection } from './election-state.ts';
import { modeOf } from './mode.ts';

/** The line `GET /api/elections` gives for a stored election (both stores build it here). */
export function electionSummary(stored: Pick<StoredElection, 'electionId' | 'definition' | 'state'>): ElectionSummary {
  return {
    electionId: stored.electionId,
    name: stored.definition.name,
    version: stored.state.version,
    updatedAt: stored.state.updatedAt,
    mode: modeOf(stored.definition),
  };
}
