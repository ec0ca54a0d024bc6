import type { Bulletin } from '../../shared/schemas/bulletin.schema.ts';
import type { Call } from '../../shared/schemas/call.schema.ts';
import type { ElectionDefinition, ElectionSummary } from '../../shared/schemas/election.schema.ts';
import type { Delta } from '../../shared/schemas/snapshot.schema.ts';
import type { ElectionState, StoredElection } from '../../shared/tally/election-state.ts';
import type { NightStore } from './night-store.ts';

/** One accepted change, kept in order by version. */
export type HistoryEntry =
  | {
      kind: 'bulletin';
      version: number;
      at: string;
      by: string;
      bulletin: Bulletin & { id: string };
      warnings: string[];
      delta: Delta;
    }
  | { kind: 'definition'; version: number; at: string; by: string; definition: ElectionDefinition }
  /** A desk call, retraction or certification, with the delta it pushed (catch-up replays it). */
  | { kind: 'call'; version: number; at: string; by: string; call: Call; delta: Delta };

/** A bulletin id already accepted: at which version, and the hash of its body. */
export interface SeenBulletin {
  version: number;
  hash: string;
}

/** A history entry of a commit, with the bulletin it accepts (its id and body hash) if it is one. */
export interface CommitEntry {
  entry: HistoryEntry;
  /** Refuses the whole commit if this id was already accepted; else recorded at `entry.version`. */
  bulletin?: { id: string; hash: string };
}

/**
 * One atomic change to an election, of one change or of several (group commit: consecutive bulletins,
 * each at the version after the one before): all of it is stored, or none of it.
 */
export interface CommitRequest {
  electionId: string;
  /**
   * The epoch and version the change was computed from; null creates an election that must not exist.
   * The epoch takes part so that a store wiped and refilled to the same version is not mistaken for
   * the one the change was computed on.
   */
  expected: { epoch: string; version: number } | null;
  /** The state after the last change. */
  state: ElectionState;
  /** Set when the definition changes (always on creation). */
  definition?: ElectionDefinition;
  /** Appended to the history in this order, each at its own version (the last at `state.version`). */
  entries: CommitEntry[];
  /** Clears the history and the bulletin ids before writing (going live drops the rehearsal). */
  reset?: boolean;
}

/** `duplicate` names the first entry (by index) whose bulletin id was already accepted; nothing was written. */
export type CommitResult =
  | { status: 'committed' }
  | { status: 'conflict' }
  | { status: 'duplicate'; index: number; seen: SeenBulletin };

/**
 * What a store says about its connection, for those who tell others (clients, the metrics): the Redis
 * store has one; the embedded store cannot lose its data, so it has none.
 */
export interface StoreConnection {
  /** Whether the connection is up now. */
  readonly up: boolean;
  /** `up` each time the connection is (re)established, `down` each time it drops, `error` on each connection error. */
  on(event: 'up' | 'down' | 'error', listener: () => void): void;
}

/**
 * The narrow interface both stores implement (Redis, the product; in-memory, the embedded default)
 * and one contract suite tests. Every method throws `StoreUnavailableError` when the store is down.
 */
export interface Store {
  readonly kind: 'redis' | 'memory';
  /** The connection's events; absent for a store that has no connection to lose. */
  readonly connection?: StoreConnection;
  /** The election at its latest version, or null if unknown. */
  load(electionId: string): Promise<StoredElection | null>;
  findBulletin(electionId: string, bulletinId: string): Promise<SeenBulletin | null>;
  /**
   * The one write: commits everything in `request` if the election is still at `expected` and every
   * bulletin id in it is new (the id check comes first), else nothing.
   */
  commit(request: CommitRequest): Promise<CommitResult>;
  /** Entries with `version > afterVersion`, ascending, at most `limit`. */
  readHistory(electionId: string, afterVersion: number, limit: number): Promise<HistoryEntry[]>;
  list(): Promise<ElectionSummary[]>;
  /**
   * The election's compare-and-set token (`casToken`: "<epoch>/<version>"), or null if unknown: a read
   * of a few bytes, so a cache can tell whether what it holds is still current.
   */
  readCas(electionId: string): Promise<string | null>;
  /** Nights of many contests: definitions and their registers of contest lines (`night-store.ts`). */
  readonly nights: NightStore;
  /** Resolves when the store answers; throws `StoreUnavailableError` otherwise. */
  ping(): Promise<void>;
  /** Idempotent. */
  close(): Promise<void>;
}

/** The compare-and-set token of a state: epoch and version together. */
export function casToken(at: { epoch: string; version: number }): string {
  return `${at.epoch}/${at.version}`;
}
