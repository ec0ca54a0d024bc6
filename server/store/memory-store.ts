import type { ElectionDefinition, ElectionSummary } from '../../shared/schemas/election.schema.ts';
import { electionSummary } from '../../shared/tally/summary.ts';
import type { ElectionState, StoredElection } from '../../shared/tally/election-state.ts';
import { createMemoryNightStore } from './memory-night-store.ts';
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
    nights: createMemoryNightStore(),

    async load(electionId) {
      const e = elections.get(electionId);
      return e ? structuredClone<StoredElection>({ electionId, definition: e.definition, state: e.state }) : null;
    },

    async findBulletin(electionId, bulletinId) {
      return structuredClone(elections.get(electionId)?.ids.get(bulletinId) ?? null);
    },

    async commit(request: CommitRequest): Promise<CommitResult> {
      const existing = elections.get(request.electionId);
      // Going live clears the ids before writing: nothing in that commit can be a duplicate.
      const index = request.reset ? -1 : request.entries.findIndex((e) => e.bulletin && existing?.ids.has(e.bulletin.id));
      if (index >= 0) return { status: 'duplicate', index, seen: { ...existing!.ids.get(request.entries[index]!.bulletin!.id)! } };
      const current = existing ? casToken(existing.state) : '';
      const expected = request.expected ? casToken(request.expected) : '';
      if (current !== expected) return { status: 'conflict' };
      const definition = request.definition ?? existing?.definition;
      if (!definition) throw new Error('commit: a new election needs its definition');
      const next: MemoryElection = existing ?? { definition, state: request.state, history: [], ids: new Map() };
      if (request.definition || !existing) next.definition = structuredClone(definition);
      next.state = structuredClone(request.state);
      if (request.reset) {
        next.history = [];
        next.ids = new Map();
      }
      for (const { entry, bulletin } of request.entries) {
        next.history.push(structuredClone(entry));
        if (bulletin) next.ids.set(bulletin.id, { version: entry.version, hash: bulletin.hash });
      }
      elections.set(request.electionId, next);
      return { status: 'committed' };
    },

    async readHistory(electionId, afterVersion, limit) {
      const history = elections.get(electionId)?.history ?? [];
      return structuredClone(history.filter((h) => h.version > afterVersion).slice(0, limit));
    },

    async list(): Promise<ElectionSummary[]> {
      return [...elections].sort(([a], [b]) => (a < b ? -1 : 1)).map(([electionId, e]) => electionSummary({ electionId, definition: e.definition, state: e.state }));
    },

    async readCas(electionId) {
      const e = elections.get(electionId);
      return e ? casToken(e.state) : null;
    },

    async ping() {},
    async close() {},
  };
}
