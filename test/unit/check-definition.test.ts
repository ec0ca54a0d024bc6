import { describe, expect, it } from 'vitest';
import { checkDefinitionChange } from '../../shared/tally/check-definition.ts';
import { iran2017, iran2024, round1Final2024, seed000, seed001 } from '../fixtures/seeds.ts';
import { newElection, play } from '../helpers/night.ts';

describe('checkDefinitionChange', () => {
  it('allows renaming and recolouring candidates with votes', () => {
    const renamed = { ...iran2017, candidates: iran2017.candidates.map((c) => ({ ...c, name: c.name.toUpperCase(), color: '#000000' })) };
    expect(checkDefinitionChange(play(iran2017, seed000), renamed)).toEqual([]);
  });

  it('allows anything before the first bulletin', () => {
    expect(checkDefinitionChange(newElection(iran2017), { ...iran2017, candidates: iran2017.candidates.slice(2) })).toEqual([]);
  });

  it('refuses removing a candidate who has votes', () => {
    const problems = checkDefinitionChange(play(iran2017, seed000), { ...iran2017, candidates: iran2017.candidates.slice(0, 3) });
    expect(problems).toEqual([expect.objectContaining({ code: 'definition_conflict', path: 'candidates', message: expect.stringContaining('hashemi-taba') })]);
  });

  it('refuses a rule that would rewrite a runoff under way', () => {
    const problems = checkDefinitionChange(play(iran2024, round1Final2024, seed001), { ...iran2024, rule: { kind: 'majority', threshold: 40 } });
    expect(problems).toEqual([expect.objectContaining({ code: 'definition_conflict', path: 'rule' })]);
  });

  it('refuses eligible voters below ballots already reported', () => {
    const problems = checkDefinitionChange(play(iran2024, round1Final2024), { ...iran2024, eligibleVoters: 20_000_000 });
    expect(problems).toEqual([expect.objectContaining({ code: 'inconsistent_figures', path: 'eligibleVoters' })]);
  });
});
