import { describe, expect, it } from 'vitest';
import { BulletinSchema } from '../../shared/schemas/bulletin.schema.ts';
import { ElectionDefinitionSchema, ElectionIdSchema } from '../../shared/schemas/election.schema.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => i.path.map(String).join('.')) ?? [];

describe('BulletinSchema', () => {
  it('applies defaults: round 1, exact, not final, no correction', () => {
    expect(BulletinSchema.parse({ ballotsCounted: 0, votes: {} })).toEqual({ round: 1, ballotsCounted: 0, votes: {}, approximate: false, final: false, correction: false });
  });

  it('refuses a misspelled field instead of ignoring it', () => {
    expect(paths(BulletinSchema.safeParse({ ...seed000, ballotCounted: 5 }))).toEqual(['']);
    expect(BulletinSchema.safeParse({ ...seed000, ballotCounted: 5 }).error?.issues[0]?.message).toContain('ballotCounted');
  });

  it('refuses negative, fractional and non-numeric figures, naming each field', () => {
    const result = BulletinSchema.safeParse({ ballotsCounted: -1, ballotsCast: 2.5, votes: { rouhani: '14.6 million' } });
    expect(paths(result).sort()).toEqual(['ballotsCast', 'ballotsCounted', 'votes.rouhani']);
  });

  it('refuses round 3, a bad time, and a source over 200 characters', () => {
    const result = BulletinSchema.safeParse({ ...seed000, round: 3, issuedAt: 'yesterday', source: 'x'.repeat(201) });
    expect(paths(result).sort()).toEqual(['issuedAt', 'round', 'source']);
  });

  it('refuses candidate ids that could not be a key (dots, spaces, capitals)', () => {
    expect(paths(BulletinSchema.safeParse({ ballotsCounted: 1, votes: { 'a.b': 1 } }))).toEqual(['votes.a.b']);
  });
});

describe('ElectionDefinitionSchema', () => {
  it('accepts the 2017 definition', () => {
    expect(ElectionDefinitionSchema.parse(iran2017)).toEqual(iran2017);
  });

  it('refuses a threshold given as a fraction, explaining the unit', () => {
    const result = ElectionDefinitionSchema.safeParse({ ...iran2017, rule: { kind: 'majority', threshold: 0.5 } });
    expect(paths(result)).toEqual(['rule.threshold']);
    expect(result.error?.issues[0]?.message).toContain('percentage');
  });

  it('refuses duplicate candidate ids, a single candidate, and a bad colour', () => {
    const dup = ElectionDefinitionSchema.safeParse({ ...iran2017, candidates: [iran2017.candidates[0], iran2017.candidates[0]] });
    expect(paths(dup)).toEqual(['candidates.1.id']);
    expect(paths(ElectionDefinitionSchema.safeParse({ ...iran2017, candidates: [iran2017.candidates[0]] }))).toEqual(['candidates']);
    const colour = ElectionDefinitionSchema.safeParse({ ...iran2017, candidates: [{ id: 'a', name: 'A', color: 'red' }, { id: 'b', name: 'B' }] });
    expect(paths(colour)).toEqual(['candidates.0.color']);
  });
});

describe('ElectionIdSchema', () => {
  it.each(['iran-2017', 'a', '0', 'x'.repeat(64)])('accepts %s', (id) => {
    expect(ElectionIdSchema.safeParse(id).success).toBe(true);
  });
  it.each(['', '-a', 'Iran', 'a_b', 'a b', 'x'.repeat(65), '../etc'])('refuses %j', (id) => {
    expect(ElectionIdSchema.safeParse(id).success).toBe(false);
  });
});
