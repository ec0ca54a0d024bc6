import { describe, expect, it } from 'vitest';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { bundestag2025, bundestag2025Votes, knesset2022, knesset2022Final } from '../fixtures/rules.ts';
import { play } from '../helpers/night.ts';

const projectionOf = (definition: ElectionDefinition, ...bulletins: Parameters<typeof play>[1][]) => buildSnapshot(play(definition, ...bulletins)).rounds[0]!.projection;

describe('party lists (rule.kind = "list")', () => {
  it("Israel 2022 (Central Elections Committee final): D'Hondt, 3.25 % threshold, surplus agreements: Likud 32, Yesh Atid 24, RZP 14, National Unity 12, Shas 11, UTJ 7, YB 6, Ra'am 5, Hadash-Ta'al 5, Labor 4; 64 to 56", () => {
    const p = projectionOf(knesset2022, knesset2022Final);
    expect(p.status).toBe('final');
    expect(p.seats).toEqual({
      likud: 32, 'yesh-atid': 24, 'religious-zionism': 14, 'national-unity': 12, shas: 11, utj: 7,
      'yisrael-beiteinu': 6, raam: 5, 'hadash-taal': 5, labor: 4, meretz: 0, balad: 0, 'jewish-home': 0, others: 0,
    });
    const seats = p.seats!;
    expect(Object.values(seats).reduce((a, b) => a + b, 0)).toBe(120);
    expect(seats.likud! + seats['religious-zionism']! + seats.shas! + seats.utj!).toBe(64);
    expect(p.winners).toHaveLength(10);
  });

  it('Israel 2022: Meretz at 3.163 % (150,696 votes, 4,158 short of 154,854) gets no seat', () => {
    const round = buildSnapshot(play(knesset2022, knesset2022Final)).rounds[0]!;
    expect(round.candidates.find((c) => c.id === 'meretz')!.share).toBe(3.163);
    expect(round.projection.seats!.meretz).toBe(0);
  });

  it("Israel 2022 without the surplus agreements: plain D'Hondt gives Likud 31 and Labor 5 (the agreements moved that seat)", () => {
    const plain: ElectionDefinition = { ...knesset2022, rule: { kind: 'list', method: 'dhondt', threshold: 3.25 } };
    const seats = projectionOf(plain, knesset2022Final).seats!;
    expect([seats.likud, seats.labor, seats['yesh-atid']]).toEqual([31, 5, 24]);
  });

  it('Germany 2025 (Federal Returning Officer final): Sainte-Laguë over 630 seats gives CDU 164, CSU 44, AfD 152, SPD 120, Greens 85, Left 64, SSW 1', () => {
    const p = projectionOf(bundestag2025, { ballotsCounted: 42_833_356, final: true, votes: { ...bundestag2025Votes } });
    expect(p.seats).toEqual({ cdu: 164, csu: 44, afd: 152, spd: 120, gruene: 85, linke: 64, ssw: 1 });
  });

  it("Germany 2025 by D'Hondt instead: the larger CDU takes a seat from the CSU, 165 to 43 (the method matters)", () => {
    const dhondt: ElectionDefinition = { ...bundestag2025, rule: { kind: 'list', method: 'dhondt' } };
    const seats = projectionOf(dhondt, { ballotsCounted: 42_833_356, final: true, votes: { ...bundestag2025Votes } }).seats!;
    expect([seats.cdu, seats.csu, seats.afd, seats.ssw]).toEqual([165, 43, 152, 1]);
    expect(Object.values(seats).reduce((a, b) => a + b, 0)).toBe(630);
  });

  it('Wikipedia "Largest remainder method" example (100,000 votes, 10 seats): Hare gives 5, 2, 1, 1, 1, 0', () => {
    const lr: ElectionDefinition = { name: 'lr', seats: 10, rule: { kind: 'list', method: 'largest-remainder' }, candidates: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, name: id })) };
    const seats = projectionOf(lr, { ballotsCounted: 100_000, final: true, votes: { a: 47_000, b: 16_000, c: 15_800, d: 12_000, e: 6_100, f: 3_100 } }).seats;
    expect(seats).toEqual({ a: 5, b: 2, c: 1, d: 1, e: 1, f: 0 });
  });

  it('a list at exactly the threshold (325 of 10,000 at 3.25 %) passes it; one vote fewer does not', () => {
    const rule = { kind: 'list' as const, method: 'dhondt' as const, threshold: 3.25 };
    const definition: ElectionDefinition = { name: 'edge', seats: 100, rule, candidates: ['a', 'b', 'c'].map((id) => ({ id, name: id })) };
    const at = projectionOf(definition, { ballotsCounted: 10_000, final: true, votes: { a: 6_000, b: 3_675, c: 325 } }).seats!;
    expect(at.c).toBeGreaterThan(0);
    const under = projectionOf(definition, { ballotsCounted: 10_000, final: true, votes: { a: 6_001, b: 3_675, c: 324 } }).seats!;
    expect(under.c).toBe(0);
  });

  it('a tie for the last seat is reported, the seat left to the law, never given silently', () => {
    const definition: ElectionDefinition = { name: 'tie', seats: 3, rule: { kind: 'list', method: 'dhondt' }, candidates: ['a', 'b', 'c'].map((id) => ({ id, name: id })) };
    const p = projectionOf(definition, { ballotsCounted: 4_000, final: true, votes: { a: 2_000, b: 1_000, c: 1_000 } });
    // Quotients 2000, 1000 (a's second), 1000 (b), 1000 (c): the third seat is a three-way tie.
    expect(p.seats).toEqual({ a: 1, b: 0, c: 0 });
    expect(p.tied!.sort()).toEqual(['a', 'b', 'c']);
  });

  it('while counting: seats at the figures as counted, with ranges; a seat is decided once no later bulletin can take it', () => {
    const definition: ElectionDefinition = { name: 'count', seats: 10, rule: { kind: 'list', method: 'dhondt', threshold: 10 }, candidates: ['a', 'b', 'c'].map((id) => ({ id, name: id })) };
    const p = projectionOf(definition, { ballotsCounted: 9_000, ballotsCast: 10_000, votes: { a: 5_000, b: 3_000, c: 950 } });
    expect(p.status).toBe('leading');
    expect(p.seats).toEqual({ a: 6, b: 3, c: 1 });
    const r = p.seatRanges!;
    // 1,050 votes at most to come: a keeps at least 5 seats; c (10.6 %) could fall under 10 % and lose its seat.
    expect(r.a!.low).toBeGreaterThanOrEqual(5);
    expect(r.c!.low).toBe(0);
    expect(p.winners).toEqual(expect.arrayContaining(['a', 'b']));
    expect(p.winners).not.toContain('c');
  });
});
