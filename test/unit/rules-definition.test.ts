import { describe, expect, it } from 'vitest';
import { ElectionDefinitionSchema } from '../../shared/schemas/election.schema.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { play } from '../helpers/night.ts';

const two = [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }];
const three = [...two, { id: 'c', name: 'C' }];
const issuePaths = (body: unknown) => {
  const parsed = ElectionDefinitionSchema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('definitions a rule can never satisfy are refused, naming the field', () => {
  it.each([
    ['seats below 1', { name: 'x', seats: 0, rule: { kind: 'plurality' }, candidates: two }, 'seats'],
    ['a majority for several seats', { name: 'x', seats: 3, rule: { kind: 'majority', threshold: 50 }, candidates: three }, 'seats'],
    ['a quota threshold of 0', { name: 'x', seats: 2, rule: { kind: 'quota', threshold: 0 }, candidates: three }, 'rule.threshold'],
    ['a quota threshold of 100', { name: 'x', seats: 2, rule: { kind: 'quota', threshold: 100 }, candidates: three }, 'rule.threshold'],
    ['a list threshold of 100', { name: 'x', seats: 2, rule: { kind: 'list', method: 'dhondt', threshold: 100 }, candidates: three }, 'rule.threshold'],
    ['a quota with no round 2 possible (3 seats, 3 candidates)', { name: 'x', seats: 3, rule: { kind: 'quota', threshold: 20 }, candidates: three }, 'candidates'],
    ['a list contest with one list', { name: 'x', seats: 5, rule: { kind: 'list', method: 'dhondt' }, candidates: [two[0]] }, 'candidates'],
    ['a plurality for more seats than candidates', { name: 'x', seats: 4, rule: { kind: 'plurality' }, candidates: three }, 'seats'],
    ['a referendum without "yes"', { name: 'x', rule: { kind: 'referendum', threshold: 50 }, candidates: two }, 'candidates'],
    ['a referendum quorum without eligible voters', { name: 'x', rule: { kind: 'referendum', threshold: 50, quorum: 50 }, candidates: [{ id: 'yes', name: 'Y' }, { id: 'no', name: 'N' }] }, 'eligibleVoters'],
    ['an agreement naming an unknown list', { name: 'x', seats: 5, rule: { kind: 'list', method: 'dhondt', agreements: [['a', 'z']] }, candidates: three }, 'rule.agreements.0.1'],
    ['a list in two agreements', { name: 'x', seats: 5, rule: { kind: 'list', method: 'dhondt', agreements: [['a', 'b'], ['b', 'c']] }, candidates: three }, 'rule.agreements.1'],
  ])('%s', (_name, body, path) => {
    expect(issuePaths(body)).toContain(path);
  });

  it('the satisfiable ones pass (negative control)', () => {
    expect(issuePaths({ name: 'x', seats: 2, rule: { kind: 'quota', threshold: 20 }, candidates: three })).toEqual([]);
    expect(issuePaths({ name: 'x', seats: 120, rule: { kind: 'list', method: 'dhondt', threshold: 3.25, agreements: [['a', 'b']] }, candidates: three })).toEqual([]);
    expect(issuePaths({ name: 'x', rule: { kind: 'referendum', threshold: 50 }, candidates: [{ id: 'yes', name: 'Y' }, { id: 'no', name: 'N' }] })).toEqual([]);
  });
});

describe('plurality for N seats (a block vote, e.g. a city council)', () => {
  const council = { name: 'council', seats: 3, rule: { kind: 'plurality' as const }, candidates: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, name: id })) };

  it('a final count elects the top 3; a tie across the third seat is reported, not broken', () => {
    expect(buildSnapshot(play(council, { ballotsCounted: 120, final: true, votes: { a: 90, b: 80, c: 70, d: 60, e: 5 } })).rounds[0]!.projection).toEqual({ status: 'final', winners: ['a', 'b', 'c'] });
    const tie = buildSnapshot(play(council, { ballotsCounted: 120, final: true, votes: { a: 90, b: 80, c: 70, d: 70, e: 5 } })).rounds[0]!.projection;
    expect(tie).toEqual({ status: 'final', winners: ['a', 'b'], tied: ['c', 'd'] });
  });

  it('while counting: a seat is decided for a candidate fewer than 3 others could catch with every vote to come', () => {
    const p = buildSnapshot(play(council, { ballotsCounted: 90, ballotsCast: 100, votes: { a: 80, b: 75, c: 60, d: 50, e: 5 } })).rounds[0]!.projection;
    // 10 ballots to come: a and b each have at most two who could reach them; c has three (a, b, and d at 50 + 10).
    expect(p).toMatchObject({ status: 'leading', winners: ['a', 'b'], remaining: 10 });
  });
});
