import { describe, expect, it } from 'vitest';
import { cpuBetween, parseStatCpuNs } from '../../bench/lib/proc.ts';

describe('parseStatCpuNs', () => {
  it('adds utime and stime (fields 14 and 15, in 10 ms ticks)', () => {
    const stat = '4242 (node) S 1 4242 4242 0 -1 4194560 2993 0 0 0 150 25 0 0 20 0 11 0 1234 1000 5000';
    expect(parseStatCpuNs(stat)).toBe(1.75e9);
  });

  it('counts fields after the last parenthesis: a command name may hold spaces and ")"', () => {
    const stat = '7 (we) ird (name)) R 1 7 7 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 1 1 1';
    expect(parseStatCpuNs(stat)).toBe(7e7);
  });
});

describe('cpuBetween', () => {
  it('sums what each process used between two readings', () => {
    const before = [{ schedNs: 100, mainNs: 80, statNs: 0 }, { schedNs: 1000, mainNs: 500, statNs: 1e7 }];
    const after = [{ schedNs: 400, mainNs: 200, statNs: 1e7 }, { schedNs: 1600, mainNs: 900, statNs: 2e7 }];
    expect(cpuBetween(before, after)).toEqual({ schedNs: 900, mainNs: 520, statNs: 2e7 });
  });
});
