import { startNginx } from '../infra/nginx.ts';
import type { BenchRedis } from '../infra/redis.ts';
import { benchDefinition, createBulletinSeries, type BulletinSeries } from '../lib/bulletins.ts';
import { expectStatus, jsonClient } from '../lib/http.ts';
import { originLoad, runPollers, type PollResult } from '../lib/pollers.ts';
import { readCpu, cpuBetween } from '../lib/proc.ts';
import { BENCH_TOKEN, startTallyroom } from '../targets/tallyroom.ts';

/** One night of polling readers behind deploy/nginx-cache.conf, in front of one Tallyroom node. */
export interface ProxyMeasurement extends PollResult {
  pollMs: number;
  bulletinMs: number;
  /** Requests that reached the origin (background revalidations included) and the readers' requests. */
  originRequests: number;
  readerRequests: number;
  /** Origin requests per election per second: what a CDN leaves the node, whatever the audience. */
  originPerElectionPerSec: number;
  /** Reader requests per origin request. */
  ratio: number;
  /** The Tallyroom node's CPU per reader request (µs): the origin's cost of a cached reader. */
  originCpuUsPerReaderRequest: number;
  /** ...and per request that reached it (bulletins included: an upper bound of a read's cost). */
  originCpuUsPerOriginRequest: number;
  /** From a commit to each reader holding it, allowed: max-age in nginx's whole seconds (≤ 2 s) + one poll + 0.5 s. */
  lagBoundMs: number;
  failures: string[];
}

export interface ProxyOptions {
  readers: number;
  /** Each measurement's elections (one night per entry): e.g. [1, 300]. */
  elections: number[];
  seconds: number;
  pollMs: number;
  bulletinMs: number;
}

function failuresOf(m: Omit<ProxyMeasurement, 'failures'>): string[] {
  const at = `proxy, ${m.readers} readers of ${m.elections} elections`;
  const failures: string[] = [];
  if (m.wentBack) failures.push(`${at}: ${m.wentBack} readers saw a version go back`);
  if (m.gaps) failures.push(`${at}: ${m.gaps} readers were handed a delta that did not follow their version`);
  if (m.behindAtEnd) failures.push(`${at}: ${m.behindAtEnd} readers did not reach the last version`);
  if (m.failedRequests) failures.push(`${at}: ${m.failedRequests} reader requests failed`);
  if (m.lag.max > m.lagBoundMs) failures.push(`${at}: a reader held a version ${Math.round(m.lag.max)} ms after its commit (allowed ${m.lagBoundMs} ms)`);
  return failures;
}

/**
 * 5,000 polling readers (1 request per second each) through a real nginx (`deploy/nginx-cache.conf`,
 * run as written) in front of one Tallyroom node, while every election gets a bulletin every second:
 * how many requests reach the origin, and whether every reader sees every version, in order, in time.
 */
export async function measureProxy(options: ProxyOptions, ctx: { redis: BenchRedis; serverEnv: Record<string, string>; log: (l: string) => void }): Promise<ProxyMeasurement[]> {
  const results: ProxyMeasurement[] = [];
  for (const count of options.elections) {
    ctx.log(`proxy: ${options.readers} readers polling every ${options.pollMs} ms through nginx, ${count} elections, a bulletin each every ${options.bulletinMs} ms for ${options.seconds} s`);
    const server = await startTallyroom({ redisUrl: ctx.redis.url, prefix: ctx.redis.newPrefix(), env: ctx.serverEnv });
    const nginx = await startNginx({ upstreams: [new URL(server.url).host] }).catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
    // Desks post side by side (one connection each), as a night's many desks do.
    const desks = Array.from({ length: Math.min(16, count) }, () => jsonClient(server.url, BENCH_TOKEN));
    const api = desks[0]!;
    try {
      const electionIds = Array.from({ length: count }, (_, i) => `proxy-${count}-${i}`);
      const series = new Map<string, BulletinSeries>();
      for (const id of electionIds) {
        expectStatus(`define ${id}`, await api.call('PUT', `/api/elections/${id}`, benchDefinition(4)), 201);
        series.set(id, createBulletinSeries(4, { steps: 10_000, idPrefix: id }));
      }
      const deskOf = new Map(electionIds.map((id, i) => [id, desks[i % desks.length]!]));
      const post = async (id: string) => void expectStatus(`post to ${id}`, await deskOf.get(id)!.call('POST', `/api/elections/${id}/bulletins`, series.get(id)!.next('proxy bench')), 201);
      const before = nginx.log().length;
      const cpu0 = readCpu(server.pid);
      const result = await runPollers({ url: nginx.url, electionIds, readers: options.readers, pollMs: options.pollMs, seconds: options.seconds, bulletinMs: options.bulletinMs, settleMs: 3000, post });
      const cpu = cpuBetween([cpu0], [readCpu(server.pid)]);
      const load = originLoad(nginx.log().slice(before), electionIds, result.seconds);
      const measured = {
        ...result,
        pollMs: options.pollMs,
        bulletinMs: options.bulletinMs,
        originRequests: load.originRequests,
        readerRequests: result.requests,
        originPerElectionPerSec: load.perElectionPerSec,
        ratio: result.requests / Math.max(1, load.originRequests),
        // The node's CPU over the window also pays for the bulletins; per reader request it is an upper bound.
        originCpuUsPerReaderRequest: cpu.schedNs / 1000 / Math.max(1, result.requests),
        originCpuUsPerOriginRequest: cpu.schedNs / 1000 / Math.max(1, load.originRequests),
        lagBoundMs: 2000 + options.pollMs + 500,
      };
      results.push({ ...measured, failures: failuresOf(measured) });
      ctx.log(`  ${result.requests} reader requests, ${load.originRequests} at the origin (${measured.ratio.toFixed(0)}:1), lag p99 ${Math.round(result.lag.p99)} ms`);
    } finally {
      for (const desk of desks) desk.close();
      await nginx.stop();
      await server.stop();
    }
  }
  return results;
}
