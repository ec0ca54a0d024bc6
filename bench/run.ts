/**
 * `npm run bench`: measures Tallyroom's ingest and push path side by side with bare socket.io and raw ws,
 * and fails (exit 1) if any delivery is missing or doubled. See docs/benchmarks.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { openBenchRedis } from './infra/redis.ts';
import { AddressPool, checkSourceAddress } from './lib/addresses.ts';
import { renderChart, writeDocs } from './lib/docs.ts';
import { readOpenFileLimit } from './lib/proc.ts';
import { renderMarkdown } from './lib/report.ts';
import { machineInfo, type RunResult } from './lib/result.ts';
import { parseOptions, USAGE, type BenchOptions } from './options.ts';
import { measureConflation } from './phases/conflation.ts';
import { measureDurability } from './phases/durability.ts';
import { measureIngest } from './phases/ingest.ts';
import { measureModel } from './phases/model.ts';
import { measureNight, nightLine } from './phases/night.ts';
import { measurePayloads } from './phases/payload.ts';
import { measureProxy } from './phases/proxy.ts';
import { runMultiStep, runSingleStep, type StepContext } from './phases/steps.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RESULTS = `${ROOT}bench/results`;

function readOptions(): BenchOptions {
  try {
    return parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
}

/** Fails before measuring anything if this machine cannot hold the largest step. */
async function preflight(options: BenchOptions): Promise<void> {
  await checkSourceAddress(AddressPool.at(0));
  await checkSourceAddress(AddressPool.at(1));
  const limit = readOpenFileLimit();
  const perServer = Math.max(0, ...(options.phases.includes('fanout') ? options.steps : []), options.multi && options.phases.includes('multi') ? Math.ceil(options.multi.subscribers / options.multi.processes) : 0, options.phases.includes('conflation') ? options.conflation.subscribers : 0);
  if (perServer + 500 > limit) throw new Error(`open-file limit ${limit} is too low for ${perServer} sockets on one server process (raise ulimit -n)`);
}

async function main(): Promise<number> {
  const options = readOptions();
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const started = Date.now();
  const runId = new Date(started).toISOString().replace(/[:.]/g, '-');
  const log = (line: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  mkdirSync(RESULTS, { recursive: true });
  await preflight(options);
  const profileDir = options.cpuProf ? `${RESULTS}/profiles/${runId}` : undefined;
  const redis = await openBenchRedis(process.env.REDIS_URL || undefined);
  log(`Redis: ${redis.kind === 'private' ? `private redis-server at ${redis.url}` : `${redis.url} under tallyroom-bench:* prefixes`}`);

  const result: RunResult = {
    format: 1,
    runId,
    startedAt: new Date(started).toISOString(),
    durationSec: 0,
    mode: options.mode,
    label: [options.label, options.cpuProf ? 'profiled: the figures are perturbed by the profiler' : ''].filter(Boolean).join('; '),
    machine: machineInfo(),
    redis: redis.kind,
    options,
    payload: [],
    ingest: [],
    steps: [],
    conflation: [],
    model: [],
    durability: [],
    proxy: [],
    failures: [],
  };
  const addresses = new AddressPool();
  const ctx: StepContext = { options, redis, addresses, profileDir, log };
  const phase = async (name: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      const message = `${name} did not complete: ${error instanceof Error ? error.message : String(error)}`;
      log(message);
      result.failures.push(message);
    }
  };
  try {
    if (options.phases.includes('payload')) {
      await phase('payload', async () => {
        result.payload = await measurePayloads({ redis, serverEnv: options.serverEnv, addresses, log });
      });
    }
    if (options.phases.includes('ingest')) {
      for (const posters of options.posters) {
        await phase(`ingest with ${posters} posters`, async () => {
          result.ingest.push(await measureIngest(posters, options.ingestSeconds, { redis, serverEnv: options.serverEnv, profileDir, log }));
        });
      }
    }
    if (options.phases.includes('durability')) {
      await phase('durability', async () => void result.durability!.push(await measureDurability(16, options.ingestSeconds, { serverEnv: options.serverEnv, log })));
    }
    if (options.phases.includes('fanout')) {
      for (const subscribers of options.steps) await phase(`fan-out to ${subscribers}`, async () => void result.steps.push(await runSingleStep(subscribers, ctx)));
    }
    if (options.phases.includes('multi') && options.multi) {
      const { subscribers, processes } = options.multi;
      await phase(`fan-out to ${subscribers} over ${processes} processes`, async () => void result.steps.push(await runMultiStep(subscribers, processes, ctx)));
    }
    if (options.phases.includes('conflation')) {
      await phase('conflation', async () => {
        result.conflation!.push(await measureConflation(options.conflation, { redis, serverEnv: options.serverEnv, addresses, subscriberProcesses: options.subscriberProcesses, log }));
      });
    }
    if (options.phases.includes('night')) {
      await phase('night', async () => {
        const night = await measureNight(options.night, { redis, serverEnv: options.serverEnv, addresses, log });
        result.night = [night];
        log(`night: ${nightLine(night)}`);
      });
    }
    if (options.phases.includes('model')) {
      await phase('model', async () => void result.model!.push(measureModel(log)));
    }
    if (options.phases.includes('proxy')) {
      await phase('proxy', async () => void result.proxy!.push(...(await measureProxy(options.proxy, { redis, serverEnv: options.serverEnv, log }))));
    }
  } finally {
    await redis.close();
  }

  for (const p of result.payload) result.failures.push(...p.failures);
  for (const i of result.ingest) result.failures.push(...i.failures);
  for (const s of result.steps) for (const m of s.measurements) result.failures.push(...m.failures);
  for (const c of result.conflation ?? []) result.failures.push(...c.failures);
  for (const m of result.model ?? []) result.failures.push(...m.failures);
  for (const d of result.durability ?? []) result.failures.push(...d.failures);
  for (const p of result.proxy ?? []) result.failures.push(...p.failures);
  for (const n of result.night ?? []) result.failures.push(...n.failures);
  result.durationSec = (Date.now() - started) / 1000;
  result.machine.loadEnd = loadavg()[0]!;

  const markdown = renderMarkdown(result);
  const svg = renderChart(result);
  writeFileSync(`${RESULTS}/${runId}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${RESULTS}/${runId}.md`, `${markdown}\n`);
  writeFileSync(`${RESULTS}/${runId}.svg`, svg);
  console.log(`\n${markdown}\n`);
  console.log(`bench: results in bench/results/${runId}.{json,md,svg}${profileDir ? `; CPU profiles of each measured window in ${profileDir}` : ''}`);
  if (options.writeDocs) console.log(`bench: ${writeDocs(result)}`);
  if (result.failures.length) {
    console.error(`\nbench: FAILED: ${result.failures.length} problems (see above). These figures are not valid.`);
    return 1;
  }
  return 0;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
});
process.exit();
