import { describe, expect, it } from 'vitest';
import { iran2017, iran2024, round1Final2024, seed000, seed001 } from '../fixtures/seeds.ts';
import { evaluate, newElection, play, problemsOf } from '../helpers/night.ts';

const exact = { ballotsCounted: 1000, ballotsCast: 2000, votes: { rouhani: 600, raisi: 390 } };

describe('figures that contradict each other', () => {
  it('refuses an unknown candidate, naming the field and the known candidates', () => {
    const [p] = problemsOf(evaluate(newElection(iran2017), { ballotsCounted: 10, votes: { khamenei: 3 } }));
    expect(p).toMatchObject({ code: 'unknown_candidate', path: 'votes.khamenei' });
    expect(p!.message).toContain('rouhani, raisi, mirsalim, hashemi-taba');
  });

  it('refuses exact votes that add up to more than the ballots counted', () => {
    const problems = problemsOf(evaluate(newElection(iran2017), { ...seed000, approximate: false }));
    expect(problems).toEqual([expect.objectContaining({ code: 'inconsistent_figures', path: 'votes' })]);
    expect(problems[0]!.message).toContain('25,180,407');
  });

  it('accepts seed 000 as approximate, with a warning: its candidates add up to 0.72 % above "25 million"', () => {
    const result = evaluate(newElection(iran2017), seed000);
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([expect.stringContaining('0.72 % above the ballots counted (25,000,000)')]);
  });

  it('refuses approximate figures beyond the 2 % tolerance', () => {
    const problems = problemsOf(evaluate(newElection(iran2017), { ...seed000, ballotsCounted: 24_000_000 }));
    expect(problems).toEqual([expect.objectContaining({ path: 'votes', message: expect.stringContaining('tolerance') })]);
  });

  it('refuses more ballots counted than cast, and than eligible voters', () => {
    const stored = newElection(iran2017);
    expect(problemsOf(evaluate(stored, { ...exact, ballotsCast: 999 }))).toEqual([expect.objectContaining({ code: 'inconsistent_figures', path: 'ballotsCounted' })]);
    const tooMany = problemsOf(evaluate(stored, { ballotsCounted: 60_000_000, votes: {} }));
    expect(tooMany).toEqual([expect.objectContaining({ path: 'ballotsCounted', message: expect.stringContaining('eligible voters') })]);
  });

  it('says when the cast figure it compares against came from an earlier bulletin', () => {
    const [p] = problemsOf(evaluate(play(iran2017, seed000), { id: 'x', ballotsCounted: 41_220_131, votes: {} }));
    expect(p).toMatchObject({ path: 'ballotsCounted', message: expect.stringContaining('given by an earlier bulletin (send ballotsCast if it changed)') });
  });

  it('refuses more ballots cast than eligible voters, using a bulletin override of eligible voters', () => {
    const problems = problemsOf(evaluate(newElection(iran2017), { ...exact, eligibleVoters: 1500 }));
    expect(problems).toEqual([expect.objectContaining({ path: 'ballotsCast' })]);
  });

  it('refuses an issuedAt far in the future', () => {
    const problems = problemsOf(evaluate(newElection(iran2017), { ...exact, issuedAt: '2030-01-01T00:00:00Z' }));
    expect(problems).toEqual([expect.objectContaining({ path: 'issuedAt' })]);
  });
});

describe('rounds', () => {
  it('refuses round 2 before round 1 is final', () => {
    const problems = problemsOf(evaluate(newElection(iran2024), seed001));
    expect(problems).toEqual([expect.objectContaining({ code: 'round_not_open', path: 'round' })]);
  });

  it('refuses round 2 when round 1 had a winner', () => {
    const landslide = { ...round1Final2024, votes: { pezeshkian: 20_000_000, jalili: 3_000_000 } };
    expect(problemsOf(evaluate(play(iran2024, landslide), seed001))[0]!.code).toBe('round_not_open');
  });

  it('refuses round 2 under a plurality rule', () => {
    const plurality = { ...iran2024, rule: { kind: 'plurality' as const } };
    expect(problemsOf(evaluate(play(plurality, round1Final2024), seed001))[0]).toMatchObject({ code: 'round_not_open', path: 'round' });
  });

  it('accepts the runoff pair in round 2 and refuses anyone else', () => {
    const stored = play(iran2024, round1Final2024);
    expect(evaluate(stored, seed001).ok).toBe(true);
    const problems = problemsOf(evaluate(stored, { ...seed001, votes: { ...seed001.votes, ghalibaf: 1 } }));
    expect(problems).toEqual([expect.objectContaining({ code: 'not_in_runoff', path: 'votes.ghalibaf' })]);
  });

  it('closes round 1 once the runoff started, except for a correction that keeps the pair', () => {
    const stored = play(iran2024, round1Final2024, seed001);
    expect(problemsOf(evaluate(stored, { ...round1Final2024, id: 'late' }))[0]).toMatchObject({ code: 'round_closed' });
    const keeps = { ...round1Final2024, id: 'fix-1', correction: true, votes: { ...round1Final2024.votes, ghalibaf: 3_383_000 } };
    expect(evaluate(stored, keeps).ok).toBe(true);
    const swaps = { ...keeps, id: 'fix-2', votes: { ...round1Final2024.votes, ghalibaf: 9_500_000 }, ballotsCounted: 30_000_000 };
    expect(problemsOf(evaluate(stored, swaps))[0]).toMatchObject({ code: 'round_closed', path: 'votes' });
  });

  it('lists a pair-changing correction to a closed round 1 beside the other problems of the same bulletin', () => {
    const stored = play(iran2024, round1Final2024, seed001);
    const swaps = { ...round1Final2024, id: 'fix-3', correction: true, ballotsCounted: 30_000_000, votes: { ...round1Final2024.votes, ghalibaf: 9_500_000, khamenei: 1 } };
    expect(problemsOf(evaluate(stored, swaps)).map((p) => [p.code, p.path])).toEqual([['unknown_candidate', 'votes.khamenei'], ['round_closed', 'votes']]);
  });
});

describe('conflicts with earlier bulletins', () => {
  const after000 = () => play(iran2017, seed000);

  it('refuses counts going backwards, naming each field', () => {
    const problems = problemsOf(evaluate(after000(), { ...seed000, id: 'x', ballotsCounted: 24_000_000, votes: { ...seed000.votes, raisi: 10_000_000 } }));
    expect(problems.filter((p) => p.code === 'counts_backwards').map((p) => p.path)).toEqual(['ballotsCounted', 'votes.raisi']);
  });

  it('accepts the same with correction: true, warning what went down', () => {
    const result = evaluate(after000(), { ...seed000, id: 'x', correction: true, votes: { ...seed000.votes, raisi: 10_000_000 } });
    expect(result.ok).toBe(true);
    expect(result.warnings).toContain('correction: Ebrahim Raisi lowered from 10,125,000 to 10,000,000');
  });

  it('refuses a bulletin issued before the latest one (stale)', () => {
    const problems = problemsOf(evaluate(after000(), { ...seed000, id: 'x', issuedAt: '2017-05-20T06:00:00+04:30' }));
    expect(problems).toEqual([expect.objectContaining({ code: 'stale_bulletin', path: 'issuedAt' })]);
  });

  it('refuses changes to a final round without correction', () => {
    const final = play(iran2017, { ...seed000, approximate: true, final: true });
    expect(problemsOf(evaluate(final, { ...seed000, id: 'more', ballotsCounted: 26_000_000 }))[0]).toMatchObject({ code: 'round_final' });
  });

  it('keeps omitted candidates at their last figure, and says so', () => {
    const result = evaluate(after000(), { ballotsCounted: 30_000_000, approximate: true, votes: { rouhani: 17_000_000, raisi: 12_000_000 } });
    if (!result.ok) throw new Error('refused');
    expect(result.delta.candidates.find((c) => c.id === 'mirsalim')).toMatchObject({ votes: 297_276, votesChange: 0 });
    expect(result.warnings).toContain('no figure for Mostafa Mirsalim in this bulletin: kept 297,276 from the previous one');
  });

  it('lists invalid figures (422) before conflicts (409)', () => {
    const problems = problemsOf(evaluate(after000(), { ballotsCounted: 1000, votes: { rouhani: 5, khamenei: 1 } }));
    expect(problems[0]!.code).toBe('unknown_candidate');
    expect(problems.at(-1)!.code).toBe('counts_backwards');
  });
});
