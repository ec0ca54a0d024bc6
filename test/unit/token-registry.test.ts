import { describe, expect, it } from 'vitest';
import { createTokenRegistry, inScope, parseTokenFile } from '../../server/security/token-registry.ts';
import { parseTokenEntry, Role, tokenDigest } from '../../server/security/token-spec.ts';
import { checkVisibilityChange, withInheritedVisibility } from '../../shared/tally/visibility.ts';
import { iran2017 } from '../fixtures/seeds.ts';

const SECRET_A = 'aaaaaaaaaaaaaaaaaaaa-1';
const SECRET_B = 'bbbbbbbbbbbbbbbbbbbb-2';

describe('token entries', () => {
  it.each([
    ['desk:' + SECRET_A, { label: 'desk', elections: null }],
    [SECRET_A, { label: 'token-4', elections: null }],
    [`wire:${SECRET_A}@paris-2026|lyon-2026`, { label: 'wire', elections: ['paris-2026', 'lyon-2026'] }],
    [`${SECRET_A}@paris-2026`, { label: 'token-4', elections: ['paris-2026'] }],
  ])('reads %s', (entry, expected) => {
    expect(parseTokenEntry(entry, 3, Role.Ingest)).toEqual({ ...expected, role: 'ingest', sha256: tokenDigest(SECRET_A) });
  });

  it.each([
    ['desk:short', 'shorter than 16'],
    [`desk:${SECRET_A}@Paris`, 'scope "Paris" is not an election id'],
    [`desk:${SECRET_A}@`, 'scope "" is not an election id'],
  ])('refuses %s naming the problem', (entry, problem) => {
    const parsed = parseTokenEntry(entry, 0, Role.Ingest);
    expect(parsed).toHaveProperty('problem');
    expect((parsed as { problem: string }).problem).toContain(problem);
  });

  it('labels bare desk tokens by role', () => {
    expect(parseTokenEntry(SECRET_B, 0, Role.Desk)).toMatchObject({ label: 'desk-1', role: 'desk' });
  });
});

describe('tokens file', () => {
  const yaml = `- label: wire\n  sha256: ${tokenDigest(SECRET_A).toUpperCase()}\n  elections: [paris-2026]\n- label: anchor\n  role: desk\n  sha256: ${tokenDigest(SECRET_B)}\n`;

  it('reads YAML and JSON, with roles defaulting to ingest and hashes lower-cased', () => {
    const fromYaml = parseTokenFile('tokens.yaml', yaml);
    expect(fromYaml).toEqual([
      { label: 'wire', role: 'ingest', elections: ['paris-2026'], sha256: tokenDigest(SECRET_A) },
      { label: 'anchor', role: 'desk', elections: null, sha256: tokenDigest(SECRET_B) },
    ]);
    expect(parseTokenFile('tokens.json', JSON.stringify({ tokens: [{ label: 'wire', sha256: tokenDigest(SECRET_A), elections: ['paris-2026'] }] }))).toEqual([fromYaml[0]]);
  });

  it.each([
    ['[{ "label": "wire", "token": "plaintext-is-not-accepted" }]', 'tokens.json: 0'],
    ['[{ "label": "wire", "sha256": "abc" }]', 'tokens.json: 0.sha256: must be the 64 hex digits'],
    ['{ not yaml: [', 'tokens.json: not JSON or YAML'],
    ['"just a string"', 'tokens.json: document'],
  ])('refuses %s naming the file and field', (text, message) => {
    expect(() => parseTokenFile('tokens.json', text)).toThrow(message);
  });
});

describe('token registry', () => {
  const registry = createTokenRegistry({
    fixed: [
      { label: 'wire', role: Role.Ingest, elections: ['paris-2026'], sha256: tokenDigest(SECRET_A) },
      { label: 'anchor', role: Role.Desk, elections: null, sha256: tokenDigest(SECRET_B) },
    ],
  });

  it('finds the principal for the role asked, and says when the token has another role', () => {
    expect(registry.check(SECRET_A, Role.Ingest)).toEqual({ kind: 'ok', principal: { label: 'wire', role: 'ingest', elections: ['paris-2026'] } });
    expect(registry.check(SECRET_B, Role.Ingest)).toEqual({ kind: 'wrong-role', label: 'anchor', role: 'desk' });
    expect(registry.check(SECRET_B, Role.Desk)).toMatchObject({ kind: 'ok', principal: { label: 'anchor' } });
    expect(registry.check('not-a-token-at-all-xx', Role.Ingest)).toEqual({ kind: 'unknown' });
    expect(registry.check(`${SECRET_A} `, Role.Ingest)).toEqual({ kind: 'unknown' });
  });

  it('scopes: null is every election, a list only those', () => {
    expect(inScope({ elections: null }, 'anything')).toBe(true);
    expect(inScope({ elections: ['paris-2026'] }, 'paris-2026')).toBe(true);
    expect(inScope({ elections: ['paris-2026'] }, 'lyon-2026')).toBe(false);
  });

  it('without a file, reload reports that nothing was read', async () => {
    expect(await registry.reload()).toBe(false);
  });
});

describe('election visibility', () => {
  it('a replacement omitting visibility keeps it; only lifting an embargo is allowed', () => {
    const priv = { ...iran2017, visibility: 'private' as const };
    expect(withInheritedVisibility(priv, iran2017).visibility).toBe('private');
    expect(checkVisibilityChange(priv, { ...iran2017, visibility: 'public' })).toEqual([]);
    expect(checkVisibilityChange(iran2017, priv)).toMatchObject([{ code: 'definition_conflict', path: 'visibility' }]);
  });
});
