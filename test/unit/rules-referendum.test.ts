import { describe, expect, it } from 'vitest';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { italy2025, italy2025Final } from '../fixtures/rules.ts';
import { play } from '../helpers/night.ts';

const projectionOf = (definition: ElectionDefinition, ...bulletins: Parameters<typeof play>[1][]) => buildSnapshot(play(definition, ...bulletins)).rounds[0]!.projection;

describe('referendums (rule.kind = "referendum")', () => {
  it('Italy, June 2025, question 1 (Ministry of the Interior): void at 30.58 % turnout against a 50 % quorum, whatever its 87.5 % yes', () => {
    const round = buildSnapshot(play(italy2025, italy2025Final)).rounds[0]!;
    expect(round.turnout).toBe(30.58);
    expect(round.projection).toEqual({ status: 'final', outcome: 'void' });
    expect(round.candidates[0]).toMatchObject({ id: 'yes', share: 87.5 });
  });

  it('Italy 2025: void is decided as soon as the announced turnout (30.58 %) cannot reach the quorum, before a vote is counted to the end', () => {
    const early = { ...italy2025Final, final: false, ballotsCounted: 2_000_000, votes: { yes: 1_700_000, no: 260_000 } };
    expect(projectionOf(italy2025, early)).toMatchObject({ status: 'decided', outcome: 'void' });
  });

  it('the same figures with the quorum reached pass (negative control: the quorum, not the yes share, voided it)', () => {
    const full = { ...italy2025Final, ballotsCounted: 24_000_000, ballotsCast: 24_000_000, votes: { yes: 20_580_000, no: 2_940_000 } };
    expect(projectionOf(italy2025, full)).toEqual({ status: 'final', outcome: 'passed' });
  });

  it('quorum edge: exactly 50 % of eligible voters reaches it; one ballot fewer does not', () => {
    const definition: ElectionDefinition = { ...italy2025, eligibleVoters: 1_000 };
    const at = projectionOf(definition, { ballotsCounted: 500, final: true, votes: { yes: 400, no: 100 } });
    expect(at.outcome).toBe('passed');
    const under = projectionOf(definition, { ballotsCounted: 499, final: true, votes: { yes: 399, no: 100 } });
    expect(under.outcome).toBe('void');
  });

  it('a two-thirds threshold: exactly 2/3 yes is not above it, so rejected; one more passes', () => {
    const definition: ElectionDefinition = { name: 'constitutional', rule: { kind: 'referendum', threshold: 200 / 3 }, candidates: [{ id: 'yes', name: 'Yes' }, { id: 'no', name: 'No' }] };
    expect(projectionOf(definition, { ballotsCounted: 3_000, final: true, votes: { yes: 2_000, no: 1_000 } }).outcome).toBe('rejected');
    expect(projectionOf(definition, { ballotsCounted: 3_001, final: true, votes: { yes: 2_001, no: 1_000 } }).outcome).toBe('passed');
  });

  it('while counting with the quorum sure: passed once yes stays above the threshold whatever comes', () => {
    const definition: ElectionDefinition = { ...italy2025, eligibleVoters: 1_000 };
    expect(projectionOf(definition, { ballotsCounted: 800, ballotsCast: 900, votes: { yes: 500, no: 280 } })).toMatchObject({ status: 'decided', outcome: 'passed' });
    expect(projectionOf(definition, { ballotsCounted: 600, ballotsCast: 900, votes: { yes: 350, no: 240 } }).status).toBe('leading');
  });
});
