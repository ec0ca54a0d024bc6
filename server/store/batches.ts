/**
 * Store reads or writes per round when one call touches many elections (a night's definition):
 * thousands issued at once can outlast the store's command timeout on a loaded machine (the last
 * replies wait while the first are parsed); a few hundred at a time cannot.
 */
export const BATCH = 200;

/** `run` on every item, `size` at a time, answers in order. */
export async function inBatches<T, R>(items: readonly T[], run: (item: T) => Promise<R>, size = BATCH): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}
