import type { NightMeasurement } from '../phases/night.ts';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import type { BenchOptions } from '../options.ts';
import type { ConflationMeasurement } from '../phases/conflation.ts';
import type { DurabilityMeasurement } from '../phases/durability.ts';
import type { IngestMeasurement } from '../phases/ingest.ts';
import type { ModelMeasurement } from '../phases/model.ts';
import type { PayloadMeasurement } from '../phases/payload.ts';
import type { ProxyMeasurement } from '../phases/proxy.ts';
import type { StepResult } from '../phases/steps.ts';
import { readOpenFileLimit } from './proc.ts';

/** The machine a run measured on: figures only compare on the same one. */
export interface MachineInfo {
  cores: number;
  cpuModel: string;
  node: string;
  os: string;
  memoryGiB: number;
  openFileLimit: number;
  /** 1-minute load average when the run started and ended: how busy the machine was besides. */
  loadStart: number;
  loadEnd: number | null;
}

/** Everything one run measured, as written to bench/results/<runId>.json. */
export interface RunResult {
  format: 1;
  runId: string;
  startedAt: string;
  durationSec: number;
  /** `quick` and `full` are the presets; `custom` when options changed what is measured. */
  mode: BenchOptions['mode'];
  label: string;
  machine: MachineInfo;
  redis: 'private' | 'configured';
  options: BenchOptions;
  payload: PayloadMeasurement[];
  ingest: IngestMeasurement[];
  steps: StepResult[];
  /** Target 6 (absent from runs recorded before the conflation phase). */
  conflation?: ConflationMeasurement[];
  /** The model's cost per bulletin at 5,000 units (absent from runs recorded before the model phase). */
  model?: ModelMeasurement[];
  /** Ingest under each DURABILITY (absent from runs recorded before the durability phase). */
  durability?: DurabilityMeasurement[];
  /** Polling readers behind nginx (absent from runs recorded before the proxy phase). */
  proxy?: ProxyMeasurement[];
  /** The night phase (absent from runs recorded before it). */
  night?: NightMeasurement[];
  /** Every lost, doubled or refused message, crash or protocol error: a run with any fails. */
  failures: string[];
}

export function machineInfo(): MachineInfo {
  return {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    os: `${process.platform} ${release()}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    openFileLimit: readOpenFileLimit(),
    loadStart: loadavg()[0]!,
    loadEnd: null,
  };
}
