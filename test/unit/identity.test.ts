import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identify } from '../../server/ingest/bulletin-service.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { BulletinSchema } from '../../shared/schemas/bulletin.schema.ts';
import { seed000 } from '../fixtures/seeds.ts';

describe('canonicalJson', () => {
  it('ignores key order at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: undefined } })).toBe('{"a":{"d":[2,{"x":0,"y":1}]},"b":1}');
  });

  it('writes exactly JSON.stringify of a key-sorted copy, so stored body hashes stay valid', () => {
    // The first implementation, kept as the definition: hashes of bulletins already stored rest on it.
    const sortKeys = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(sortKeys);
      if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
      }
      return value;
    };
    const withUndefined = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5 })),
    })).value;
    fc.assert(
      fc.property(withUndefined, (value) => {
        expect(canonicalJson(value)).toBe(JSON.stringify(sortKeys(value)) ?? 'null');
      }),
      { numRuns: 500 },
    );
  });
});

describe('identify', () => {
  const parse = (v: unknown) => BulletinSchema.parse(v);

  it('keeps a given id and hashes the body without it', () => {
    const a = identify(parse(seed000));
    const b = identify(parse({ ...seed000, id: 'other' }));
    expect(a.id).toBe('iran-2017-briefing-1');
    expect(a.hash).toBe(b.hash);
  });

  it('names an id-less bulletin after its body, so the same figures posted twice get the same id', () => {
    const { id: _id, ...body } = seed000;
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect(identify(parse(body)).id).toMatch(/^auto-/);
    expect(identify(parse(body)).id).toBe(identify(parse(reordered)).id);
    // Explicit defaults are the same body as omitted ones.
    expect(identify(parse({ ...body, round: 1, final: false })).id).toBe(identify(parse(body)).id);
    expect(identify(parse({ ...body, ballotsCounted: 25_000_001 })).id).not.toBe(identify(parse(body)).id);
  });
});
