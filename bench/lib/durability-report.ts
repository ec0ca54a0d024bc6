import type { DurabilityMeasurement } from '../phases/durability.ts';

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const n2 = (x: number) => x.toFixed(2);

/** The durability table: each mode's closed-loop ingest, and its cost as ratios to `memory` measured beside it. */
export function durabilitySection(runs: DurabilityMeasurement[] | undefined): string | null {
  if (!runs?.length) return null;
  const rows = runs.flatMap((run) => {
    const base = run.modes.find((m) => m.mode === 'memory')?.ingest;
    return run.modes.map(({ mode, redis, ingest }) => [
      `${mode} (${run.posters} posters)`,
      redis,
      n0(ingest.acceptedPerSec),
      base ? `${n2(ingest.acceptedPerSec / base.acceptedPerSec)}×` : 'n/a',
      n2(ingest.latency.p99),
      base ? `${ingest.latency.p99 >= base.latency.p99 ? '+' : ''}${n2(ingest.latency.p99 - base.latency.p99)}` : 'n/a',
      ingest.failures.length ? `**${ingest.failures.length} failures**` : `${n0(ingest.history.accepted)} = ${n0(ingest.history.listed)}`,
    ]);
  });
  const head = ['DURABILITY', 'Redis', 'accepted/s', '÷ memory', 'p99 ms', 'p99 − memory (ms)', 'History'];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
  const verdicts = runs.map((run) => {
    const base = run.modes.find((m) => m.mode === 'memory')?.ingest;
    const fsync = run.modes.find((m) => m.mode === 'fsync')?.ingest;
    if (!base || !fsync) return '';
    const met = fsync.acceptedPerSec >= 0.75 * base.acceptedPerSec && fsync.latency.p99 - base.latency.p99 <= 5;
    return `Target (fsync costs at most 25 % of throughput and adds at most 5 ms to p99): ${met ? 'met' : 'not met'}.`;
  });
  return `${lines.join('\n')}\n\n${verdicts.filter(Boolean).join(' ')}`;
}
