/**
 * Every Redis key Tallyroom writes, under one configurable prefix. An election's keys share the hash
 * tag `{e:<id>}`, so they live in one Cluster slot and one script can touch them all atomically.
 */
export function electionKeys(prefix: string, electionId: string) {
  const tag = `${prefix}{e:${electionId}}`;
  return {
    /** The definition (JSON string). */
    definition: `${tag}:def`,
    /** Hash: `cas` ("<epoch>/<version>") and `json` (the state), so the version check reads a few bytes. */
    state: `${tag}:state`,
    /** Stream of history entries, with ids `<version>-0`. */
    history: `${tag}:history`,
    /** Hash: bulletin id -> "<version>:<body hash>", for duplicates. */
    ids: `${tag}:ids`,
    /** Hash: server node id -> "<subscribers>:<expiry ms>", summed for the audience (`server/ops/audience.ts`). */
    audience: `${tag}:audience`,
  };
}

/** Set of election ids, for listing. Not hash-tagged: it spans elections. */
export function indexKey(prefix: string): string {
  return `${prefix}elections`;
}

/**
 * A night's keys share the hash tag `{n:<id>}`: one script updates its register atomically. The
 * nights holding an election live in the election's slot (`electionNights`), read after each commit.
 */
export function nightKeys(prefix: string, nightId: string) {
  const tag = `${prefix}{n:${nightId}}`;
  return {
    /** The definition (JSON string). */
    definition: `${tag}:def`,
    /** Hash: `epoch`, `version`, `createdAt`, `updatedAt`, `list` (the JSON of its `GET /api/nights` row, less the version). */
    meta: `${tag}:meta`,
    /** Hash: election id -> its contest line (JSON). */
    lines: `${tag}:lines`,
    /** Hash: election id -> the election version of its line (the guard against an older line). */
    versions: `${tag}:versions`,
    /** Sorted set: election id, scored by the night version at which its line last changed. */
    changed: `${tag}:changed`,
  };
}

/** Set of the night ids holding an election, in the election's slot. */
export function electionNightsKey(prefix: string, electionId: string): string {
  return `${prefix}{e:${electionId}}:nights`;
}

/** Set of night ids, for listing. */
export function nightIndexKey(prefix: string): string {
  return `${prefix}nights`;
}
