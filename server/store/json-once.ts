/**
 * `JSON.stringify` of an object, remembered for as long as the object lives: a delta is written into
 * its history entry (Redis) and into the HTTP answer of its bulletin, and at about 2 KB for eight
 * candidates serialising it twice was a measurable share of ingest (docs/benchmarks.md). Only for
 * objects that are not changed after they are first serialised (deltas are not).
 */
const cache = new WeakMap<object, string>();

export function jsonOnce(value: object): string {
  let json = cache.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    cache.set(value, json);
  }
  return json;
}

/**
 * `JSON.stringify(record)` where `record[key]` is written with `jsonOnce`. Keys keep their order,
 * except `key`, which comes last; members that are undefined are left out, as JSON.stringify does.
 */
export function jsonWithMember<T extends object>(record: T, key: keyof T & string): string {
  const member = record[key];
  if (member === undefined || member === null || typeof member !== 'object') return JSON.stringify(record);
  const rest = JSON.stringify({ ...record, [key]: undefined });
  return `${rest.length > 2 ? `${rest.slice(0, -1)},` : '{'}${JSON.stringify(key)}:${jsonOnce(member)}}`;
}
