/**
 * JSON with object keys sorted at every depth, so two bodies that differ only in key order compare
 * equal. Used to tell a duplicate bulletin (same id, same body) from a conflicting one.
 * The same text as `JSON.stringify` of a key-sorted copy (undefined members left out, undefined in
 * arrays as null), written in one pass without building the copy: it runs once per bulletin.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

/** An array index as a property key ("0", "42"): JavaScript objects list these first, in numeric order. */
const isIndexKey = (key: string) => /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;

/**
 * Keys in code-unit order, except array-index keys, which come first in numeric order: the order a
 * key-sorted copy's `JSON.stringify` would have given (objects always list index keys first).
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record).sort();
  if (!keys.some(isIndexKey)) return keys;
  const index = keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b));
  return [...index, ...keys.filter((k) => !isIndexKey(k))];
}

function write(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (write(value[i]) ?? 'null');
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = sortedKeys(record);
  let out = '{';
  let first = true;
  for (const key of keys) {
    const text = write(record[key]);
    if (text === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
    first = false;
  }
  return `${out}}`;
}
