import type { ContestLine, NightDefinition, NightListItem } from '../../shared/schemas/night.schema.ts';

/**
 * A night as the store holds it: its definition, its register of contest lines (one per contest, the
 * latest version of each), and the register's epoch and version. The version goes up by one with each
 * line that changes and with each definition; the epoch changes with each definition.
 */
export interface StoredNight {
  nightId: string;
  definition: NightDefinition;
  epoch: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** By election id; a contest whose line is missing has none yet (it cannot be, once defined). */
  lines: Record<string, ContestLine>;
}

/** The lines changed after a version: what a subscriber holding that version lacks. */
export interface NightChanges {
  epoch: string;
  version: number;
  updatedAt: string;
  /** Every line whose latest change is after the version asked for, in the order they changed. */
  lines: ContestLine[];
}

/** One (re)definition of a night, with a line for each of its contests as loaded just before. */
export interface DefineNightRequest {
  nightId: string;
  definition: NightDefinition;
  /** The new epoch: a client holding an older one takes the snapshot. */
  epoch: string;
  at: string;
  /** One per contest. A line the register already holds at a later version is kept instead. */
  lines: ContestLine[];
}

/**
 * The nights side of the store (both stores implement it; one contract suite tests both). An election
 * may be in several nights; the store keeps, per election, which nights hold it, so that a commit can
 * update each night's line.
 */
export interface NightStore {
  loadNight(nightId: string): Promise<StoredNight | null>;
  /** Every night, sorted by id. */
  listNights(): Promise<NightListItem[]>;
  /**
   * Writes the definition and its lines at once, under the request's epoch and the next version, and
   * drops the lines of contests it no longer holds; updates which nights hold each election. Answers
   * the new version.
   */
  defineNight(request: DefineNightRequest): Promise<number>;
  /** The nights holding an election (unsorted). */
  nightsOf(electionId: string): Promise<string[]>;
  /**
   * Puts `line` into each night that holds its contest, when it is newer (a higher election version)
   * than the line held; each line put takes the night's next version. Answers, per night, the version
   * it took, or null when nothing changed there (older, or the night no longer holds the contest).
   */
  recordLine(nightIds: readonly string[], line: ContestLine, at: string): Promise<Array<number | null>>;
  /** The lines changed after `sinceVersion` (all of them from 0), or null for an unknown night. */
  readNightChanges(nightId: string, sinceVersion: number): Promise<NightChanges | null>;
}
