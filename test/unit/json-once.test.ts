import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonOnce, jsonWithMember } from '../../server/store/json-once.ts';

describe('jsonWithMember', () => {
  it('says what JSON.stringify says, whatever the record and its member', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }), fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }), (rest, member) => {
        const record: Record<string, unknown> = { ...rest, delta: member };
        expect(JSON.parse(jsonWithMember(record, 'delta'))).toEqual(JSON.parse(JSON.stringify(record)));
      }),
      { numRuns: 300 },
    );
  });

  it('writes the member with the text remembered for it, so a delta is serialised once', () => {
    const delta = { version: 2, candidates: [{ id: 'a', votes: 1 }] };
    const first = jsonOnce(delta);
    expect(jsonOnce(delta)).toBe(first);
    expect(jsonWithMember({ version: 2, delta, warnings: [] }, 'delta')).toBe(`{"version":2,"warnings":[],"delta":${first}}`);
    expect(jsonWithMember({ delta }, 'delta')).toBe(`{"delta":${first}}`);
  });
});
