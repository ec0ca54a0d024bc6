import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import type { CachedElection, ElectionCache } from '../push/election-cache.ts';
import type { Store } from '../store/store.ts';

/** How far back the feed looks for a round's latest bulletin (its `votesChange`): four reads of 32. */
const LOOK_BACK = 128;
const PAGE = 32;

/** What a feed is built from: the election's snapshot and, per round, the latest bulletin's changes. */
export interface FeedSource {
  snapshot: Snapshot;
  /** Whose `visibility` decides the feed's Cache-Control. */
  definition: ElectionDefinition;
  /** Each candidate's change in votes with the round's latest bulletin; null when none is in reach. */
  votesChange(round: number): Promise<Readonly<Record<string, number>> | null>;
}

/**
 * The feeds' reads. Pollers ask every second or so, from every playout machine: the snapshot comes
 * from the per-node election cache (a read of the compare-and-set token while nothing changed), and a
 * round's changes are read from the history once per version.
 */
export function createFeedSource({ store, cache }: { store: Pick<Store, 'readHistory'>; cache: ElectionCache }) {
  const changes = new Map<string, { cas: string; byRound: Map<number, Promise<Record<string, number> | null>> }>();

  async function latestChanges(electionId: string, version: number, round: number): Promise<Record<string, number> | null> {
    for (let after = Math.max(0, version - PAGE); ; after = Math.max(0, after - PAGE)) {
      const entries = await store.readHistory(electionId, after, PAGE);
      for (let i = entries.length - 1; i >= 0; i--) {
        const entry = entries[i]!;
        if (entry.kind === 'bulletin' && entry.delta.round === round) return Object.fromEntries(entry.delta.candidates.map((c) => [c.id, c.votesChange]));
      }
      if (after === 0 || version - after >= LOOK_BACK) return null;
    }
  }

  function sourceOf(held: CachedElection): FeedSource {
    const { electionId } = held.stored;
    let mine = changes.get(electionId);
    if (mine?.cas !== held.cas) {
      mine = { cas: held.cas, byRound: new Map() };
      changes.set(electionId, mine);
    }
    const { byRound } = mine;
    return {
      snapshot: held.snapshot,
      definition: held.stored.definition,
      votesChange(round) {
        let found = byRound.get(round);
        if (!found) {
          found = latestChanges(electionId, held.snapshot.version, round);
          // A failed read is not remembered: the next poll tries again.
          found.catch(() => byRound.delete(round));
          byRound.set(round, found);
        }
        return found;
      },
    };
  }

  return {
    /** The election as of now, or null when it does not exist. */
    async get(electionId: string): Promise<FeedSource | null> {
      const held = await cache.get(electionId);
      return held && sourceOf(held);
    },
    /** The election as the node last read it, while it may take that as current (no IO); else null. */
    peek(electionId: string): FeedSource | null {
      const held = cache.peek(electionId);
      return held && sourceOf(held);
    },
  };
}

export type FeedSources = ReturnType<typeof createFeedSource>;
