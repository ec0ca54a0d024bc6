import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/codes/error-codes.ts';
import { UnsubscribeRequestSchema } from '../../shared/events.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { define, TEST_TOKEN, useTestServer } from '../helpers/test-server.ts';

/**
 * Thousands of random and malformed bulletins and socket payloads against the real server and Redis:
 * each gets a 4xx (HTTP) or an error ack (socket) with a known code, the server stays up, and the
 * election is exactly as it was. Every generated input is invalid by construction (a wrong type, an
 * unknown field, broken JSON...), so "nothing changed" is the only right outcome.
 */
const CODES = new Set<string>(Object.values(ErrorCode));
const junk = fc.oneof(fc.string({ maxLength: 40 }), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 4 }), fc.object({ maxDepth: 2 }));
const notCount = fc.oneof(junk, fc.double({ noInteger: true, noNaN: true }), fc.integer({ max: -1 }));
const notBool = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null), fc.object({ maxDepth: 1 }));

/** seed000 with one field given a value of the wrong kind. */
const wrongField = fc.oneof(
  fc.record({ field: fc.constantFrom('round', 'ballotsCounted', 'ballotsCast', 'eligibleVoters'), value: notCount }),
  fc.record({ field: fc.constantFrom('approximate', 'final', 'correction'), value: notBool }),
  fc.record({ field: fc.constant('votes'), value: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.integer()), fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string(), { minKeys: 1, maxKeys: 3 })) }),
  fc.record({ field: fc.constant('id'), value: fc.oneof(fc.integer(), fc.constant(null), fc.constant(''), fc.string({ maxLength: 20 }).map((s) => ` ${s}`), fc.string({ minLength: 129, maxLength: 300 })) }),
  fc.record({ field: fc.constant('issuedAt'), value: fc.oneof(fc.integer(), fc.constant(null), fc.object({ maxDepth: 1 })) }),
  fc.record({ field: fc.constant('source'), value: fc.oneof(fc.integer(), fc.constant(null), fc.constant('  '), fc.string({ minLength: 201, maxLength: 400 }).filter((s) => s.trim().length > 200)) }),
).map(({ field, value }) => ({ body: JSON.stringify({ ...seed000, id: 'fuzz', [field]: value }) }));

const KNOWN = new Set(Object.keys(seed000).concat(['id', 'round', 'issuedAt', 'source', 'ballotsCast', 'eligibleVoters', 'approximate', 'final', 'correction']));
const unknownField = fc.tuple(fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !KNOWN.has(k)), fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => ({ body: JSON.stringify({ ...seed000, id: 'fuzz', [k]: v }) }));
const anyJson = fc.jsonValue({ maxDepth: 3 }).filter((v) => v === null || typeof v !== 'object' || Array.isArray(v) || !('ballotsCounted' in v)).map((v) => ({ body: JSON.stringify(v) }));
const brokenJson = fc.string({ maxLength: 200 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }).map((body) => ({ body }));
const wrongType = fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', '').map((type) => ({ body: JSON.stringify(seed000), type }));
const badToken = fc.string({ maxLength: 60 }).filter((t) => /^[\x21-\x7e]*$/.test(t)).map((t) => ({ body: JSON.stringify(seed000), auth: `Bearer ${t}` }));
const badElection = fc.string({ minLength: 1, maxLength: 80 }).filter((e) => e !== 'iran-2017').map((e) => ({ body: JSON.stringify({ ...seed000, id: 'fuzz-elsewhere' }), election: encodeURIComponent(e) }));
const huge = fc.integer({ min: 65 * 1024, max: 90 * 1024 }).map((n) => ({ body: JSON.stringify({ ...seed000, id: 'fuzz', source: 'x'.repeat(n) }) }));

const requests = fc.oneof(wrongField, unknownField, anyJson, brokenJson, wrongType, badToken, badElection, huge) as fc.Arbitrary<{ body: string; type?: string; auth?: string; election?: string }>;

/** Socket payloads: wrong shapes, wrong types, unknown fields, ids that name nothing, strings up to 12 KB. */
const socketPayloads = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.record({ electionId: junk }),
  fc.record({ electionId: fc.string({ maxLength: 12_000 }).filter((s) => s !== 'iran-2017') }),
  fc.record({ electionId: fc.constant('iran-2017'), sinceVersion: notCount }),
  fc.record({ electionId: fc.constant('iran-2017'), epoch: fc.oneof(fc.integer(), fc.string({ minLength: 65, maxLength: 200 })) }),
  fc.record({ electionId: fc.constant('iran-2017'), token: fc.oneof(fc.integer(), fc.constant('')) }),
  fc.record({ electionId: fc.constant('iran-2017'), extra: fc.jsonValue({ maxDepth: 1 }) }),
);

describe('fuzz: malformed input never changes anything', () => {
  let before: unknown;
  const snapshot = async () => {
    const { audience: _audience, ...rest } = (await server.request('GET', '/api/elections/iran-2017')).body;
    return rest;
  };

  const server = useTestServer({ env: { INGEST_RATE_LIMIT: 'off', SOCKET_EVENT_RATE_LIMIT: 'off' } });
  beforeAll(async () => {
    await define(server, 'iran-2017', iran2017);
    expect((await server.request('POST', '/api/elections/iran-2017/bulletins', seed000)).status).toBe(201);
    before = await snapshot();
  });

  it('answers every malformed bulletin with a 4xx and a known code', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(requests, async ({ body, type = 'application/json', auth = `Bearer ${TEST_TOKEN}`, election = 'iran-2017' }) => {
        const res = await fetch(`${server.url}/api/elections/${election}/bulletins`, { method: 'POST', headers: { ...(type ? { 'content-type': type } : {}), authorization: auth }, body });
        const answer = await res.json();
        expect(res.status, JSON.stringify(answer)).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(CODES.has(answer.error.code)).toBe(true);
      }),
      { numRuns: 800 },
    );
    expect(await snapshot()).toEqual(before);
  });

  it('answers every malformed subscribe and unsubscribe with an error ack, and the socket stays usable', { timeout: 60_000 }, async () => {
    const socket = await server.socket();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('subscribe', 'unsubscribe'), socketPayloads, async (event, payload) => {
        const ack = await (socket.emitWithAck as (e: string, p: unknown) => Promise<{ ok: boolean; error?: { code: string } }>)(event, payload);
        // Leaving a room one is not in is harmless and acknowledged; anything else must be refused.
        const harmless = event === 'unsubscribe' && UnsubscribeRequestSchema.safeParse(payload).success;
        expect(ack.ok, JSON.stringify(ack).slice(0, 200)).toBe(harmless);
        if (!harmless) expect(CODES.has(ack.error!.code)).toBe(true);
      }),
      { numRuns: 1500 },
    );
    expect(socket.connected).toBe(true);
    expect(await socket.emitWithAck('subscribe', { electionId: 'iran-2017' })).toMatchObject({ ok: true, snapshot: { version: (before as { version: number }).version } });
    expect(await snapshot()).toEqual(before);
  });
});
