import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BulletinSchema, type BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import type { CallRequest } from '../../shared/schemas/call.schema.ts';
import { evaluateCall } from '../../shared/tally/calls.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import { evaluateBulletin } from '../../shared/tally/evaluate-bulletin.ts';
import { electionFromSnapshot } from '../../shared/tally/from-snapshot.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { iran2017, iran2024, round1Final2024, seed000, seed001, seed002 } from '../fixtures/seeds.ts';
import { NOW, newElection, play } from '../helpers/night.ts';

/** A bulletin drawn around the 2017 figures: sometimes valid, sometimes not, in every way. */
const bulletinArb: fc.Arbitrary<BulletinInput> = fc.record({
  ballotsCounted: fc.integer({ min: 0, max: 45_000_000 }),
  ballotsCast: fc.option(fc.integer({ min: 20_000_000, max: 60_000_000 }), { nil: undefined }),
  approximate: fc.boolean(),
  final: fc.boolean(),
  correction: fc.boolean(),
  votes: fc.dictionary(fc.constantFrom('rouhani', 'raisi', 'mirsalim', 'hashemi-taba'), fc.integer({ min: 0, max: 25_000_000 })),
});

/** What the console shows: the problems, or the delta and warnings. */
function outcome(result: ReturnType<typeof evaluateBulletin>) {
  return result.ok ? { delta: result.delta, warnings: result.warnings } : { problems: result.problems, warnings: result.warnings };
}

/** The election after desk calls, failing loudly if one is refused. */
function withCalls(stored: StoredElection, ...calls: CallRequest[]): StoredElection {
  for (const call of calls) {
    const result = evaluateCall(stored, call, 'desk', NOW);
    if (!result.ok || result.unchanged) throw new Error(`fixture call not applied: ${JSON.stringify(call)}`);
    stored = { ...stored, state: result.state };
  }
  return stored;
}

describe('electionFromSnapshot', () => {
  const elections = {
    fresh: newElection(iran2017),
    'after seed 000': play(iran2017, seed000),
    final: play(iran2017, seed000, seed002),
    runoff: play(iran2024, round1Final2024, seed001),
    called: withCalls(play(iran2017, seed000), { action: 'winner', winner: 'raisi', note: 'desk' }),
    retracted: withCalls(play(iran2017, seed000), { action: 'winner', winner: 'rouhani' }, { action: 'retract' }),
    certified: withCalls(play(iran2017, seed000, seed002), { action: 'certify' }),
  };

  it.each(Object.entries(elections))('previews any bulletin exactly as the server evaluates it (%s)', (_name, stored) => {
    const preview = electionFromSnapshot(buildSnapshot(stored));
    fc.assert(
      fc.property(bulletinArb, (input) => {
        const bulletin = BulletinSchema.parse(input);
        expect(outcome(evaluateBulletin(preview, bulletin, NOW))).toEqual(outcome(evaluateBulletin(stored, bulletin, NOW)));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips: the snapshot of the reconstructed election is the snapshot', () => {
    for (const stored of Object.values(elections)) {
      const snapshot = buildSnapshot(stored);
      expect(buildSnapshot(electionFromSnapshot(snapshot))).toEqual(snapshot);
    }
  });
});
