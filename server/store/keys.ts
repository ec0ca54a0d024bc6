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
