import { parseArgs } from 'node:util';
import type { NightOptions } from './phases/night.ts';
import type { ProxyOptions } from './phases/proxy.ts';

/** What a run measures and how hard. Parsed from the command line, with two presets. */

export const PHASES = ['payload', 'ingest', 'durability', 'fanout', 'multi', 'conflation', 'model', 'proxy', 'night'] as const;
export type Phase = (typeof PHASES)[number];

export interface ConflationOptions {
  subscribers: number;
  rate: number;
  seconds: number;
  lowRate: number;
  lowSeconds: number;
  /** The server's CONFLATE_MS: at most one push per window per room. */
  windowMs: number;
  /** Concurrent posters, so that the rate is reached whatever one answer takes. */
  posters: number;
}

export interface BenchOptions {
  quick: boolean;
  /** The preset, or `custom` once an option changes what is measured (such runs compare only with their like). */
  mode: 'quick' | 'full' | 'custom';
  /** Free text describing the conditions (shared machine, other load...), kept with the results. */
  label: string;
  phases: Phase[];
  /** Subscribers of each single-process step. */
  steps: number[];
  /** The multi-process step: subscribers spread over server processes on one Redis. */
  multi: { subscribers: number; processes: number } | null;
  /** Bulletins per measured fan-out, and how many per second. */
  bulletins: number;
  rate: number;
  /** Bulletins posted before measuring (JIT warm-up), not counted. */
  warmup: number;
  ingestSeconds: number;
  posters: number[];
  /** Target 6: one conflated room, bulletins at `rate`/s for `seconds`, after `lowRate`/s for `lowSeconds` on the same server. */
  conflation: ConflationOptions;
  /** Polling readers through nginx (deploy/nginx-cache.conf): one election, then a night of many. */
  proxy: ProxyOptions;
  /** The night phase: one night of many contests, its room, bulletins spread over the contests. */
  night: NightOptions;
  /** Subscriber processes; 0 picks enough for the step. */
  subscriberProcesses: number;
  /** Extra environment for every Tallyroom server (settings other issues add). */
  serverEnv: Record<string, string>;
  cpuProf: boolean;
  writeDocs: boolean;
  help: boolean;
}

const FULL = {
  steps: [1_000, 10_000, 15_000], multi: { subscribers: 40_000, processes: 3 }, bulletins: 30, rate: 2, warmup: 5, ingestSeconds: 10, posters: [16, 64],
  conflation: { subscribers: 10_000, rate: 200, seconds: 10, lowRate: 10, lowSeconds: 5, windowMs: 200, posters: 32 },
  proxy: { readers: 5_000, elections: [1, 300], seconds: 20, pollMs: 1000, bulletinMs: 1000 },
  night: { contests: 300, subscribers: 10_000, rate: 200, seconds: 10, lowRate: 10, lowSeconds: 5, windowMs: 200, posters: 32 },
};
const QUICK = {
  steps: [1_000], multi: { subscribers: 1_500, processes: 3 }, bulletins: 15, rate: 5, warmup: 3, ingestSeconds: 3, posters: [16, 64],
  conflation: { subscribers: 1_000, rate: 200, seconds: 4, lowRate: 10, lowSeconds: 3, windowMs: 200, posters: 32 },
  proxy: { readers: 2_000, elections: [1, 300], seconds: 8, pollMs: 1000, bulletinMs: 1000 },
  night: { contests: 300, subscribers: 1_000, rate: 200, seconds: 4, lowRate: 10, lowSeconds: 3, windowMs: 200, posters: 32 },
};

export const USAGE = `npm run bench -- [options]

  --quick                 about one minute: 1,000 subscribers, 3 s of ingest, a small multi-process step
  --steps 1000,10000      subscribers of each single-process step (default 1000,10000,15000)
  --multi 40000x3         subscribers x server processes of the multi-process step, or "none"
  --bulletins N           bulletins per measured fan-out (default 30)
  --rate R                bulletins per second during a fan-out (default 2)
  --warmup N              bulletins before measuring, not counted (default 5)
  --ingest-seconds S      seconds of each ingest measurement (default 10)
  --posters 16,64         concurrent posters of each ingest measurement
  --only payload,ingest   run only these phases (payload, ingest, durability, fanout, multi, conflation, model, proxy, night)
  --night-subscribers N   subscribers of the night phase's room (300 contests; default 10000; --quick 1000)
  --conflation-subscribers N  subscribers of the conflation phase's one room (default 10000; --quick 1000)
  --subscriber-processes N  subscriber processes (default: one per 8,000 subscribers, at least 2)
  --server-env KEY=VALUE  extra environment for the Tallyroom servers (repeatable)
  --label TEXT            the conditions of this run, kept with its results
  --cpu-prof              profile each server's measured window (V8 inspector) into bench/results/profiles/;
                          profiling slows the servers: compare profiles, not the figures of such a run
  --write-docs            write this run's tables and chart into docs/benchmarks.md
`;

function numbers(text: string, what: string): number[] {
  const values = text.split(',').map((s) => Number(s.trim().replaceAll('_', '')));
  if (values.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`${what}: expected positive whole numbers separated by commas, got "${text}"`);
  return values;
}

function positive(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${what}: expected a positive number, got "${text}"`);
  return value;
}

/** Parses `npm run bench -- ...`; throws an Error naming the option at fault. */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      steps: { type: 'string' },
      multi: { type: 'string' },
      bulletins: { type: 'string' },
      rate: { type: 'string' },
      warmup: { type: 'string' },
      'ingest-seconds': { type: 'string' },
      posters: { type: 'string' },
      only: { type: 'string' },
      'subscriber-processes': { type: 'string' },
      'conflation-subscribers': { type: 'string' },
      'night-subscribers': { type: 'string' },
      'server-env': { type: 'string', multiple: true, default: [] },
      label: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      'write-docs': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const preset = values.quick ? QUICK : FULL;
  let multi: BenchOptions['multi'] = preset.multi;
  if (values.multi !== undefined) {
    const match = /^(\d+)x(\d+)$/.exec(values.multi.replaceAll('_', ''));
    if (values.multi === 'none') multi = null;
    else if (match && Number(match[1]) > 0 && Number(match[2]) > 1) multi = { subscribers: Number(match[1]), processes: Number(match[2]) };
    else throw new Error(`--multi: expected SUBSCRIBERSxPROCESSES (e.g. 40000x3, at least 2 processes) or "none", got "${values.multi}"`);
  }
  const phases = values.only === undefined ? [...PHASES] : values.only.split(',').map((p) => p.trim());
  for (const p of phases) if (!(PHASES as readonly string[]).includes(p)) throw new Error(`--only: unknown phase "${p}" (one of ${PHASES.join(', ')})`);
  const serverEnv: Record<string, string> = {};
  for (const pair of values['server-env']) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--server-env: expected KEY=VALUE, got "${pair}"`);
    serverEnv[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const shaping = ['steps', 'multi', 'bulletins', 'rate', 'warmup', 'ingest-seconds', 'posters', 'only', 'subscriber-processes', 'conflation-subscribers', 'night-subscribers', 'server-env'] as const;
  const custom = shaping.some((key) => (key === 'server-env' ? values[key].length > 0 : values[key] !== undefined));
  return {
    quick: values.quick,
    mode: custom ? 'custom' : values.quick ? 'quick' : 'full',
    label: values.label ?? '',
    phases: phases as Phase[],
    steps: values.steps === undefined ? preset.steps : numbers(values.steps, '--steps'),
    multi,
    bulletins: Math.round(positive(values.bulletins, preset.bulletins, '--bulletins')),
    rate: positive(values.rate, preset.rate, '--rate'),
    warmup: values.warmup === '0' ? 0 : Math.round(positive(values.warmup, preset.warmup, '--warmup')),
    ingestSeconds: positive(values['ingest-seconds'], preset.ingestSeconds, '--ingest-seconds'),
    posters: values.posters === undefined ? preset.posters : numbers(values.posters, '--posters'),
    proxy: preset.proxy,
    conflation: { ...preset.conflation, subscribers: values['conflation-subscribers'] === undefined ? preset.conflation.subscribers : numbers(values['conflation-subscribers'], '--conflation-subscribers')[0]! },
    night: { ...preset.night, subscribers: values['night-subscribers'] === undefined ? preset.night.subscribers : numbers(values['night-subscribers'], '--night-subscribers')[0]! },
    subscriberProcesses: values['subscriber-processes'] === undefined ? 0 : Math.round(positive(values['subscriber-processes'], 0, '--subscriber-processes')),
    serverEnv,
    cpuProf: values['cpu-prof'],
    writeDocs: values['write-docs'],
    help: values.help,
  };
}

/** Subscriber processes for a step: one per 8,000 subscribers (a process may hold about 19,000), at least 2. */
export function subscriberProcessesFor(subscribers: number, requested: number): number {
  return requested > 0 ? requested : Math.max(2, Math.ceil(subscribers / 8_000));
}

/** Loopback source addresses for a step: one per 20,000 subscribers (about 28,000 ephemeral ports each), at least 2. */
export function sourceAddressesFor(subscribers: number): number {
  return Math.max(2, Math.ceil(subscribers / 20_000));
}

/** Splits `total` as evenly as possible over `parts`. */
export function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}
