import { describe, expect, it } from 'vitest';
import { chartSeries, latencyChart, niceTicks } from '../../bench/lib/chart.ts';
import { RESULTS_END, RESULTS_START, spliceResults } from '../../bench/lib/docs.ts';
import { renderMarkdown, targetVerdicts } from '../../bench/lib/report.ts';
import type { RunResult } from '../../bench/lib/result.ts';
import { parseOptions, sourceAddressesFor, split, subscriberProcessesFor } from '../../bench/options.ts';
import { AddressPool } from '../../bench/lib/addresses.ts';
import type { FanoutMeasurement } from '../../bench/phases/fanout.ts';
import { ratiosOf } from '../../bench/lib/ratios.ts';

const summary = (p50: number, p99: number) => ({ count: 100, min: p50 / 2, mean: p50, p50, p90: p99 * 0.9, p99, max: p99 * 1.2 });

function measurement(target: FanoutMeasurement['target'], subscribers: number, cpu: number, p99: number, bytesPerConnection = 12_000): FanoutMeasurement {
  return {
    target,
    subscribers,
    serverProcesses: 1,
    bulletins: 10,
    rate: 2,
    achievedRate: 2,
    connect: { ms: 1000, retries: 0, failed: 0, errors: [] },
    latency: summary(p99 / 3, p99),
    lastParse: summary(p99, p99 * 1.1),
    firstParse: summary(1, 2),
    delivered: subscribers * 10,
    deliveriesPerSec: subscribers * 2,
    cpu: { usPerDelivery: cpu, statUsPerDelivery: cpu, mainThreadUsPerDelivery: cpu, idleUsPerSec: 0, netUsPerDelivery: cpu, windowMs: 5000 },
    memory: { idleRssBytes: 1e8, subscribedRssBytes: 1e8 + bytesPerConnection * subscribers, bytesPerConnection },
    frames: { deltaMeanBytes: 1300, deltaMaxBytes: 1380, ackFrameBytes: 2000, snapshotBytes: 1970 },
    pingsAnswered: 0,
    profiles: [],
    serverOutput: [],
    failures: [],
  };
}

function run(): RunResult {
  const step = (n: number, t: number) => {
    const measurements = [measurement('tallyroom', n, 11, t), measurement('socketio', n, 10, t - 4), measurement('rawws', n, 5, t - 8)];
    return { subscribers: n, serverProcesses: 1, subscriberProcesses: 2, skipped: null, measurements, ratios: ratiosOf(measurements) };
  };
  return {
    format: 1,
    runId: 'r1',
    startedAt: '2026-11-23T00:00:00.000Z',
    durationSec: 60,
    mode: 'custom',
    label: 'noisy <test>',
    machine: { cores: 2, cpuModel: 'cpu', node: 'v20', os: 'linux', memoryGiB: 24, openFileLimit: 20000, loadStart: 1, loadEnd: 2 },
    redis: 'private',
    options: parseOptions(['--quick']),
    payload: [{ candidates: 8, deltas: 6, deltaFrameMeanBytes: 800, deltaFrameMaxBytes: 900, snapshotBytes: 1990, snapshotFrameBytes: 2000, deltaToSnapshot: 0.4, failures: [] }],
    ingest: [
      { posters: 16, elections: 16, seconds: 3, accepted: 9000, acceptedPerSec: 3000, latency: summary(4, 19), refused: {}, cpuUsPerBulletin: 300, paced: { rate: 3000, seconds: 3, sent: 9000, accepted: 9000, achievedRate: 2990, latency: summary(2, 12) }, profiles: [], history: { accepted: 9000, listed: 9000, missing: 0, duplicated: 0, unacknowledged: 0, wrongVersion: 0 }, failures: [] },
    ],
    steps: [step(1000, 20), step(10_000, 60), { subscribers: 40_000, serverProcesses: 3, subscriberProcesses: 5, skipped: 'no adapter', measurements: [], ratios: null }],
    failures: [],
  };
}

describe('ratiosOf', () => {
  it('divides Tallyroom by each floor, and is null where a side is missing', () => {
    const r = ratiosOf([measurement('tallyroom', 1, 12, 30), measurement('socketio', 1, 10, 20)]);
    expect(r.cpuVsSocketio).toBeCloseTo(1.2);
    expect(r.p99VsSocketio).toBeCloseTo(1.5);
    expect(r.p99OverSocketioMs).toBeCloseTo(10);
    expect(r.cpuVsRawWs).toBeNull();
  });
});

describe('targetVerdicts', () => {
  it('judges the issue targets from the figures, and says what was not measured', () => {
    const verdicts = Object.fromEntries(targetVerdicts(run()).map((v) => [v.target.slice(0, 2), v]));
    expect(verdicts['1.']).toMatchObject({ measured: '1.10×', verdict: 'met' });
    expect(verdicts['2.']).toMatchObject({ measured: '+4.00 ms', verdict: 'met' });
    expect(verdicts['3.']).toMatchObject({ verdict: 'not measured' });
    expect(verdicts['4.']).toMatchObject({ verdict: 'met' });
    expect(verdicts['5.']).toMatchObject({ measured: '40.0 %', verdict: 'met' });
    expect(verdicts['6.']).toMatchObject({ verdict: 'not measured' });
  });

  it('says "not met" when a figure misses', () => {
    const result = run();
    result.steps[1]!.measurements[0]!.cpu.usPerDelivery = 20;
    result.steps[1]!.ratios = ratiosOf(result.steps[1]!.measurements);
    result.ingest[0]!.latency.p99 = 25;
    const verdicts = targetVerdicts(result);
    expect(verdicts[0]).toMatchObject({ measured: '2.00×', verdict: 'not met' });
    expect(verdicts[3]!.verdict).toBe('not met');
  });

  it('judges ingest by the closed loop at some poster count, none lost at any, and shows the paced figures', () => {
    const slow = run();
    slow.ingest[0]!.acceptedPerSec = 2500;
    expect(targetVerdicts(slow)[3]!.verdict).toBe('not met');
    const secondFaster = run();
    secondFaster.ingest[0]!.latency.p99 = 40;
    secondFaster.ingest.push({ ...secondFaster.ingest[0]!, posters: 64, acceptedPerSec: 3500, latency: summary(5, 18) });
    expect(targetVerdicts(secondFaster)[3]).toMatchObject({
      verdict: 'met',
      measured: '16 posters: 3,000/s, p99 40.00 ms (paced at 3,000/s: p99 12.00 ms); 64 posters: 3,500/s, p99 18.00 ms (paced at 3,000/s: p99 12.00 ms)',
    });
    secondFaster.ingest[0]!.failures = ['lost one'];
    expect(targetVerdicts(secondFaster)[3]!.verdict).toBe('not met');
  });
});

describe('renderMarkdown', () => {
  it('prints the machine, every table and the skip reason', () => {
    const md = renderMarkdown(run());
    expect(md).toContain('2 cores (cpu), 24 GiB, Node v20');
    expect(md).toContain('| 10,000 | Tallyroom | 1 | 1.0 | 2.00 | 20.00 | 60.00 |');
    expect(md).toContain('| 10,000 | 1.10× | 1.10× | 2.20× |');
    expect(md).toContain('skipped: no adapter');
    expect(md).toContain('| 16 | 16 | 3,000 |');
    expect(md).toContain('| 8 | 800 / 900 | 2,000 | 40.0 % |');
    expect(md).toContain('Checked: every delivery arrived exactly once; every accepted bulletin is in the history exactly once.');
  });

  it('says loudly that a run failed', () => {
    const result = run();
    result.failures = ['Tallyroom @ 1,000: 3 of 10000 deliveries missing'];
    expect(renderMarkdown(result)).toContain('**FAILED**: 1 problems:\n\n- Tallyroom @ 1,000: 3 of 10000 deliveries missing');
  });
});

describe('the latency chart', () => {
  it('has one p50 and one p99 line per server kind, on the measured steps only', () => {
    const series = chartSeries(run());
    expect(series.map((s) => s.name)).toEqual(['Tallyroom (1 process)', 'bare socket.io (1 process)', 'raw ws (1 process)']);
    expect(series[0]!.points.map((p) => p.subscribers)).toEqual([1000, 10_000]);
    const svg = latencyChart(series, 'Latency <quick>');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(6);
    expect(svg).toContain('Latency &lt;quick&gt;');
    expect(svg).toContain('10,000');
    expect(svg).not.toContain('NaN');
  });

  it('draws a single step without dividing by zero', () => {
    const svg = latencyChart([{ name: 'x', color: '#000', points: [{ subscribers: 1000, p50: 1, p99: 2 }] }], 't');
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('Infinity');
  });

  it('picks round axis ticks', () => {
    expect(niceTicks(63)).toEqual([0, 20, 40, 60, 80]);
    expect(niceTicks(0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe('spliceResults', () => {
  it('replaces only what is between the markers', () => {
    const doc = `# B\n\nintro\n\n${RESULTS_START}\n\nold\n\n${RESULTS_END}\n\n## After\n`;
    expect(spliceResults(doc, 'new')).toBe(`# B\n\nintro\n\n${RESULTS_START}\n\nnew\n\n${RESULTS_END}\n\n## After\n`);
  });

  it('appends the section when the page has no markers yet', () => {
    expect(spliceResults('# B\n', 'new')).toBe(`# B\n\n${RESULTS_START}\n\nnew\n\n${RESULTS_END}\n`);
  });
});

describe('options', () => {
  it('has a quick preset and a full one', () => {
    expect(parseOptions(['--quick', '--label', 'x'])).toMatchObject({ quick: true, mode: 'quick', steps: [1000], multi: { subscribers: 1500, processes: 3 } });
    expect(parseOptions(['--quick', '--steps', '2000']).mode).toBe('custom');
    expect(parseOptions(['--write-docs']).mode).toBe('full');
    expect(parseOptions([])).toMatchObject({ quick: false, steps: [1000, 10_000, 15_000], multi: { subscribers: 40_000, processes: 3 }, posters: [16, 64] });
  });

  it('reads every option and names the one at fault', () => {
    const o = parseOptions(['--steps', '2000,5_000', '--multi', '9000x3', '--rate', '0.5', '--only', 'fanout,multi', '--server-env', 'A=b=c', '--label', 'quiet']);
    expect(o).toMatchObject({ steps: [2000, 5000], multi: { subscribers: 9000, processes: 3 }, rate: 0.5, phases: ['fanout', 'multi'], serverEnv: { A: 'b=c' }, label: 'quiet' });
    expect(parseOptions(['--multi', 'none']).multi).toBeNull();
    expect(() => parseOptions(['--steps', '10,x'])).toThrow(/--steps/);
    expect(() => parseOptions(['--multi', '9000x1'])).toThrow(/--multi/);
    expect(() => parseOptions(['--only', 'speed'])).toThrow(/unknown phase "speed"/);
    expect(() => parseOptions(['--server-env', 'novalue'])).toThrow(/KEY=VALUE/);
    expect(() => parseOptions(['--rate', '0'])).toThrow(/--rate/);
    expect(() => parseOptions(['--bogus'])).toThrow();
  });

  it('spreads subscribers over enough processes and source addresses', () => {
    expect(subscriberProcessesFor(1000, 0)).toBe(2);
    expect(subscriberProcessesFor(40_000, 0)).toBe(5);
    expect(subscriberProcessesFor(40_000, 7)).toBe(7);
    expect(sourceAddressesFor(15_000)).toBe(2);
    expect(sourceAddressesFor(40_000)).toBe(2);
    expect(sourceAddressesFor(41_000)).toBe(3);
    expect(split(10, 3)).toEqual([4, 3, 3]);
    expect(split(2, 3)).toEqual([1, 1, 0]);
  });

  it('hands out fresh loopback addresses, never .0, .1 or .255', () => {
    const pool = new AddressPool();
    expect(pool.take(2)).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(AddressPool.at(252)).toBe('127.0.0.254');
    expect(AddressPool.at(253)).toBe('127.0.1.2');
  });
});
