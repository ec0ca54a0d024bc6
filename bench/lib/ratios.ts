import type { FanoutMeasurement } from '../phases/fanout.ts';
import { ratio } from './stats.ts';

/** Tallyroom against the two floors, at one step. Null where a side is missing. */
export interface Ratios {
  cpuVsSocketio: number | null;
  cpuVsRawWs: number | null;
  /** The main (JavaScript) thread's CPU alone, against bare socket.io's. */
  mainThreadCpuVsSocketio: number | null;
  p99VsSocketio: number | null;
  p99VsRawWs: number | null;
  /** Tallyroom's p99 less bare socket.io's, in milliseconds (target 2 allows 10). */
  p99OverSocketioMs: number | null;
  lastParseP99VsSocketio: number | null;
  lastParseP99VsRawWs: number | null;
}

export function ratiosOf(measurements: readonly FanoutMeasurement[]): Ratios {
  const by = (name: string) => measurements.find((m) => m.target === name);
  const t = by('tallyroom');
  const s = by('socketio');
  const r = by('rawws');
  return {
    cpuVsSocketio: ratio(t?.cpu.usPerDelivery, s?.cpu.usPerDelivery),
    cpuVsRawWs: ratio(t?.cpu.usPerDelivery, r?.cpu.usPerDelivery),
    mainThreadCpuVsSocketio: ratio(t?.cpu.mainThreadUsPerDelivery, s?.cpu.mainThreadUsPerDelivery),
    p99VsSocketio: ratio(t?.latency.p99, s?.latency.p99),
    p99VsRawWs: ratio(t?.latency.p99, r?.latency.p99),
    p99OverSocketioMs: t && s ? t.latency.p99 - s.latency.p99 : null,
    lastParseP99VsSocketio: ratio(t?.lastParse.p99, s?.lastParse.p99),
    lastParseP99VsRawWs: ratio(t?.lastParse.p99, r?.lastParse.p99),
  };
}
