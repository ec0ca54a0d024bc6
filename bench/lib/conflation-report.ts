import type { ConflationMeasurement, ConflationRate } from '../phases/conflation.ts';
import type { RunResult } from './result.ts';

/** The conflation phase (target 6) in the markdown report. Pure. */

const n0 = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en') : 'n/a');
const n1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
const n2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');

/** CPU counts as flat when the high rate costs at most this many times the low rate's CPU per second. */
export const FLAT_CPU_RATIO = 2;

function rateRow(m: ConflationMeasurement, r: ConflationRate): string[] {
  const refused = Object.values(r.refused).reduce((a, b) => a + b, 0);
  const f = r.frames;
  return [
    n0(m.subscribers),
    `${n0(r.rate)}/s × ${n1(r.seconds)} s`,
    n1(r.achievedRate),
    `${n0(r.accepted)}${refused ? ` (${refused} refused)` : ''}`,
    `${f.framesMin}–${f.framesMax} (≤ ${r.allowedPushes})`,
    String(f.maxInWindow),
    n1(f.minGapMs),
    n0(r.cpuUsPerSec),
    n1(r.cpuUsPerBulletin),
    f.mismatches || f.gaps || !r.snapshotAgrees ? `**${f.mismatches} wrong, ${f.gaps} gaps**` : `all ${n0(f.subscribers)} on v${r.finalVersion}`,
  ];
}

/** The conflation table and how to read it, or '' when the run has no conflation phase. */
export function conflationSection(result: RunResult): string {
  const runs = result.conflation ?? [];
  if (!runs.length) return '';
  const head = ['Subscribers', 'Posted', 'Sent/s', 'Accepted', 'Pushes per subscriber (allowed)', 'Most in any window (as received)', 'Min gap ms (as received)', 'Server CPU µs/s', 'CPU µs/bulletin', 'Final state'];
  const rows = runs.flatMap((m) => [rateRow(m, m.low), rateRow(m, m.high)]);
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
  const notes = runs.map(
    (m) =>
      `${n0(m.subscribers)} subscribers, CONFLATE_MS=${m.windowMs}, ${m.posters} posters: server CPU ${n0(m.high.cpuUsPerSec)} µs/s at ${n0(m.high.achievedRate)}/s against ${n0(m.low.cpuUsPerSec)} µs/s at ${n1(m.low.achievedRate)}/s ` +
      `(idle with everyone subscribed: ${n0(m.idleCpuUsPerSec)} µs/s): **${n2(m.cpuRatio)}×** the CPU for ${n1(m.rateRatio)}× the bulletins.`,
  );
  return [
    `Conflation (target 6): one room, the real \`subscribe\` event, bulletins through the public ingest endpoint. ` +
      `"Allowed" is 1 + ceil(span / window), span from the first POST sent to the last answer: the leading-edge push plus one per window the conflator closes; a subscriber over it fails the run. ` +
      `Each subscriber applies what it receives to its own tally (compact: merge \`votes\`; full: take \`candidates\`) and must end on the last accepted version with exactly its bulletin's votes; a frame that does not follow its version is a gap and fails the run.`,
    lines.join('\n'),
    notes.join('\n\n'),
  ].join('\n\n');
}

/** Target 6's verdict: clean at 10,000 or more, and CPU at the high rate ≤ FLAT_CPU_RATIO × the low rate's. */
export function conflationVerdict(result: RunResult): { measured: string; ok: boolean | null } {
  const runs = result.conflation ?? [];
  if (!runs.length) return { measured: 'n/a', ok: null };
  const m = runs.reduce((a, b) => (b.subscribers > a.subscribers ? b : a));
  const clean = m.failures.length === 0;
  const measured = `${n0(m.subscribers)}: ≤ ${m.high.frames.framesMax} pushes of ${m.high.allowedPushes} allowed, CPU ${n2(m.cpuRatio)}× for ${n1(m.rateRatio)}× the rate, ${clean ? 'all on the final state' : 'FAILURES'}`;
  return { measured, ok: m.subscribers < 10_000 ? null : clean && m.cpuRatio <= FLAT_CPU_RATIO };
}
