import type { ElectionDefinition, ElectionSummary } from '../../shared/schemas/election.schema.ts';
import type { ElectionState, StoredElection } from '../../shared/tally/election-state.ts';
import { casToken, type CommitRequest, type CommitResult, type HistoryEntry, type SeenBulletin, type Store } from './store.ts';

interface MemoryElection {
  definition: ElectionDefinition;
  state: ElectionState;
  history: HistoryEntry[];
  ids: Map<string, SeenBulletin>;
}

/**
 * The embedded default store: the same contract as Redis, held in this process. Values are cloned in
 * and out so callers can never mutate what is stored. Nothing survives a restart.
 */
export function createMemoryStore(): Store {
  const elections = new Map<string, MemoryElection>();

  return {
    kind: 'memory',

    async load(electionId) {
      const e = elections.get(electionId);
      return e ? structuredClone<StoredElection>({ electionId, definition: e.definition, state: e.state }) : null;
    },

    async findBulletin(electionId, bulletinId) {
      return structuredClone(elections.get(electionId)?.ids.get(bulletinId) ?? null);
    },

    async commit(request: CommitRequest): Promise<CommitResult> {
      const existing = elections.get(request.electionId);
      const seen = request.dedupe && existing?.ids.get(request.dedupe.bulletinId);
      if (seen) return { status: 'duplicate', seen: { ...seen } };
      const current = existing ? casToken(existing.state) : '';
      const expected = request.expected ? casToken(request.expected) : '';
      if (current !== expected) return { status: 'conflict' };
      const definition = request.definition ?? existing?.definition;
      if (!definition) throw new Error('commit: a new election needs its definition');
      const next: MemoryElection = existing ?? { definition, state: request.state, history: [], ids: new Map() };
      next.definition = structuredClone(definition);
      next.state = structuredClone(request.state);
      if (request.reset) {
        next.history = [];
        next.ids = new Map();
      }
      if (request.entry) next.history.push(structuredClone(request.entry));
      if (request.dedupe) next.ids.set(request.dedupe.bulletinId, { version: request.state.version, hash: request.dedupe.hash });
      elections.set(request.electionId, next);
      return { status: 'committed' };
    },

    async readHistory(electionId, afterVersion, limit) {
      const history = elections.get(electionId)?.history ?? [];
      return structuredClone(history.filter((h) => h.version > afterVersion).slice(0, limit));
    },

    async list(): Promise<ElectionSummary[]> {
      return [...elections].sort(([a], [b]) => (a < b ? -1 : 1)).map(([electionId, e]) => ({
        electionId,
        name: e.definition.name,
        version: e.state.version,
        updatedAt: e.state.updatedAt,
      }));
    },

    async readCas(electionId) {
      const e = elections.get(electionId);
      return e ? casToken(e.state) : null;
    },

    async ping() {},
    async close() {},
  };
}
