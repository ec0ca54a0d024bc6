import { describe, expect, it } from 'vitest';
import {
  allowedPushes,
  applyWireDelta,
  conflationFailures,
  maxInWindow,
  mergePhaseFrames,
  minGap,
  sameState,
  stateFromSnapshot,
  summarisePhase,
  type PhaseFrames,
  type TallyState,
} from '../../bench/lib/conflation-checks.ts';
import { conflationSection, conflationVerdict } from '../../bench/lib/conflation-report.ts';
import { renderMarkdown, targetVerdicts } from '../../bench/lib/report.ts';
import type { RunResult } from '../../bench/lib/result.ts';
import { parseOptions } from '../../bench/options.ts';
import { rateFailures, type ConflationMeasurement, type ConflationRate } from '../../bench/phases/conflation.ts';

const MS = 1e6;

describe('a subscriber keeps its own tally', () => {
  it('starts from the latest round of its snapshot', () => {
    const state = stateFromSnapshot({ version: 7, rounds: [{ round: 1, candidates: [{ id: 'a', votes: 5 }] }, { round: 2, candidates: [{ id: 'a', votes: 1 }, { id: 'b', votes: 2 }] }] });
    expect(state).toEqual({ version: 7, votes: { a: 1, b: 2 } });
    expect(stateFromSnapshot({ version: 0, rounds: [] })).toEqual({ version: 0, votes: {} });
  });

  it('merges a compact delta, keeps candidates it does not name, and takes a full delta whole', () => {
    const state: TallyState = { version: 3, votes: { a: 10, b: 20 } };
    expect(applyWireDelta(state, { version: 5, prevVersion: 3, votes: { b: 25 } })).toBe(true);
    expect(state).toEqual({ version: 5, votes: { a: 10, b: 25 } });
    expect(applyWireDelta(state, { version: 6, prevVersion: 5, candidates: [{ id: 'a', votes: 11 }, { id: 'b', votes: 26 }] })).toBe(true);
    expect(state).toEqual({ version: 6, votes: { a: 11, b: 26 } });
  });

  it('says when a delta does not follow its version (a missed push), and still moves on', () => {
    const state: TallyState = { version: 3, votes: { a: 1 } };
    expect(applyWireDelta(state, { version: 9, prevVersion: 8, votes: { a: 4 } })).toBe(false);
    expect(state.version).toBe(9);
  });

  it('compares states exactly: version, every candidate, no extra one', () => {
    const expected: TallyState = { version: 4, votes: { a: 1, b: 2 } };
    expect(sameState({ version: 4, votes: { b: 2, a: 1 } }, expected)).toBe(true);
    expect(sameState({ version: 3, votes: { a: 1, b: 2 } }, expected)).toBe(false);
    expect(sameState({ version: 4, votes: { a: 1, b: 3 } }, expected)).toBe(false);
    expect(sameState({ version: 4, votes: { a: 1 } }, expected)).toBe(false);
    expect(sameState({ version: 4, votes: { a: 1, b: 2, c: 0 } }, expected)).toBe(false);
  });
});

describe('frames per window', () => {
  it('counts the most frames in any window, its end excluded', () => {
    expect(maxInWindow([], 200)).toBe(0);
    expect(maxInWindow([0, 200, 400, 600], 200)).toBe(1);
    expect(maxInWindow([0, 150, 200, 399, 900], 200)).toBe(2);
    expect(maxInWindow([0, 10, 20, 30, 500], 200)).toBe(4);
  });

  it('finds the smallest gap', () => {
    expect(minGap([5])).toBe(Number.POSITIVE_INFINITY);
    expect(minGap([0, 200, 350, 600])).toBe(150);
  });

  it('allows the leading-edge push plus one per window the conflator closes', () => {
    expect(allowedPushes(0, 200)).toBe(1);
    expect(allowedPushes(1, 200)).toBe(2);
    expect(allowedPushes(4000, 200)).toBe(21);
    expect(allowedPushes(4001, 200)).toBe(22);
  });
});

describe('a phase summary', () => {
  const expected: TallyState = { version: 10, votes: { a: 5 } };

  it('summarises frames and final states, and merges processes', () => {
    const one = summarisePhase(
      [
        { times: [0, 200 * MS, 400 * MS], gaps: 0, state: { version: 10, votes: { a: 5 } } },
        { times: [0, 150 * MS], gaps: 1, state: { version: 9, votes: { a: 4 } } },
      ],
      expected,
      200,
    );
    expect(one).toMatchObject({ subscribers: 2, framesMin: 2, framesMax: 3, framesTotal: 5, maxInWindow: 2, minGapMs: 150, gaps: 1, mismatches: 1 });
    expect(one.samples[0]).toMatch(/subscriber 1 at version 9/);
    const two = summarisePhase([{ times: [0], gaps: 0, state: expected }], expected, 200);
    expect(mergePhaseFrames([one, two])).toMatchObject({ subscribers: 3, framesMin: 1, framesMax: 3, framesTotal: 6, maxInWindow: 2, minGapMs: 150, gaps: 1, mismatches: 1 });
  });

  it('fails loudly on too many pushes, a gap, a wrong final state, a silent subscriber or a missing one', () => {
    const clean: PhaseFrames = { subscribers: 4, framesMin: 5, framesMax: 6, framesTotal: 22, maxInWindow: 2, minGapMs: 150, gaps: 0, mismatches: 0, samples: [] };
    expect(conflationFailures('c', clean, 4, 6)).toEqual([]);
    expect(conflationFailures('c', clean, 4, 5).join()).toMatch(/6 pushes, more than the 5/);
    expect(conflationFailures('c', { ...clean, gaps: 2 }, 4, 6).join()).toMatch(/2 frames did not follow/);
    expect(conflationFailures('c', { ...clean, mismatches: 1, samples: ['x'] }, 4, 6).join()).toMatch(/1 subscribers did not end on the final state, e.g. x/);
    expect(conflationFailures('c', { ...clean, framesMin: 0 }, 4, 6).join()).toMatch(/no push at all/);
    expect(conflationFailures('c', clean, 5, 6).join()).toMatch(/4 of 5 subscribers/);
  });
});

function rate(r: number, cpuUsPerSec: number, frames: Partial<PhaseFrames> = {}): ConflationRate {
  return {
    rate: r,
    seconds: 10,
    sent: r * 10,
    accepted: r * 10,
    refused: {},
    achievedRate: r,
    spanMs: 10_000,
    allowedPushes: 51,
    cpuUsPerSec,
    cpuUsPerBulletin: cpuUsPerSec / r,
    frames: { subscribers: 10_000, framesMin: 50, framesMax: 50, framesTotal: 500_000, maxInWindow: 2, minGapMs: 150, gaps: 0, mismatches: 0, samples: [], ...frames },
    finalVersion: 2000,
    snapshotAgrees: true,
  };
}

function conflationRun(cpuHigh: number, failures: string[] = [], subscribers = 10_000): RunResult {
  const m: ConflationMeasurement = { subscribers, subscriberProcesses: 2, windowMs: 200, posters: 8, connectMs: 5000, idleCpuUsPerSec: 1000, low: rate(10, 100_000), high: rate(200, cpuHigh), cpuRatio: cpuHigh / 100_000, rateRatio: 20, serverOutput: [], failures };
  return {
    format: 1,
    runId: 'r',
    startedAt: '2026-11-30T18:00:00.000Z',
    durationSec: 60,
    mode: 'full',
    label: '',
    machine: { cores: 2, cpuModel: 'x', node: 'v20', os: 'linux', memoryGiB: 8, openFileLimit: 20_000, loadStart: 1, loadEnd: 1 },
    redis: 'private',
    options: parseOptions([]),
    payload: [],
    ingest: [],
    steps: [],
    conflation: [m],
    failures,
  };
}

describe('the conflation report', () => {
  it('is empty for a run without the phase (runs recorded before it)', () => {
    const old = { ...conflationRun(1), conflation: undefined };
    expect(conflationSection(old)).toBe('');
    expect(conflationVerdict(old)).toEqual({ measured: 'n/a', ok: null });
  });

  it('shows both rates, the allowed pushes and the CPU ratio', () => {
    const text = conflationSection(conflationRun(150_000));
    expect(text).toContain('| 10,000 | 10/s × 10.0 s |');
    expect(text).toContain('50–50 (≤ 51)');
    expect(text).toContain('all 10,000 on v2000');
    expect(text).toContain('**1.50×** the CPU for 20.0× the bulletins');
    expect(renderMarkdown(conflationRun(150_000))).toContain('every conflated subscriber ended on the last accepted bulletin');
  });

  it('meets target 6 only clean, at 10,000 or more, with CPU within 2× at the high rate', () => {
    const verdict = (r: RunResult) => targetVerdicts(r).find((v) => v.target.startsWith('6.'))!.verdict;
    expect(verdict(conflationRun(150_000))).toBe('met');
    expect(verdict(conflationRun(250_000))).toBe('not met');
    expect(verdict(conflationRun(150_000, ['lost']))).toBe('not met');
    expect(verdict(conflationRun(150_000, [], 5_000))).toBe('not measured');
  });

  it('marks wrong final states in the table', () => {
    const r = conflationRun(150_000);
    r.conflation![0]!.high = rate(200, 150_000, { mismatches: 3, gaps: 1 });
    expect(conflationSection(r)).toContain('**3 wrong, 1 gaps**');
  });
});

describe('conflation options', () => {
  it('has a full and a quick preset, and takes the subscribers from the command line', () => {
    expect(parseOptions([]).conflation).toMatchObject({ subscribers: 10_000, rate: 200, seconds: 10, lowRate: 10, windowMs: 200 });
    expect(parseOptions(['--quick']).conflation).toMatchObject({ subscribers: 1_000, rate: 200, seconds: 4 });
    expect(parseOptions([]).phases).toContain('conflation');
    const custom = parseOptions(['--only', 'conflation', '--conflation-subscribers', '5_000']);
    expect(custom).toMatchObject({ mode: 'custom', phases: ['conflation'], conflation: { subscribers: 5000 } });
    expect(() => parseOptions(['--conflation-subscribers', 'many'])).toThrow(/--conflation-subscribers/);
  });
});

describe('one rate of the phase', () => {
  it('fails when the rate was not reached, a server erred or the snapshot disagrees; the warm-up needs no rate', () => {
    expect(rateFailures('c', rate(200, 1), 10_000)).toEqual([]);
    const slow = { ...rate(200, 1), achievedRate: 120 };
    expect(rateFailures('c', slow, 10_000).join()).toMatch(/only 120.0 bulletins\/s sent/);
    expect(rateFailures('c', slow, 10_000, false)).toEqual([]);
    expect(rateFailures('c', { ...rate(200, 1), refused: { '503 unavailable': 2, '409 conflict': 1 } }, 10_000).join()).toMatch(/server errors \{"503 unavailable":2\}/);
    expect(rateFailures('c', { ...rate(200, 1), snapshotAgrees: false }, 10_000).join()).toMatch(/snapshot is not the last accepted/);
  });
});
