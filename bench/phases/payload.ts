import { SubscriberFleet } from '../clients/fleet.ts';
import type { BenchRedis } from '../infra/redis.ts';
import type { AddressPool } from '../lib/addresses.ts';
import { benchDefinition, createBulletinSeries, type FieldSize } from '../lib/bulletins.ts';
import { deliveryFailures } from '../lib/checks.ts';
import { nowNs, stampSource } from '../lib/clock.ts';
import { expectStatus, jsonClient } from '../lib/http.ts';
import { encodeEvent } from '../lib/protocol.ts';
import type { Delta } from '../../shared/schemas/snapshot.schema.ts';
import { compactDelta } from '../../shared/tally/compact-delta.ts';
import { BENCH_TOKEN, startTallyroom } from '../targets/tallyroom.ts';

/** The bytes of a delta on the wire against the snapshot it updates. */
export interface PayloadMeasurement {
  candidates: FieldSize;
  deltas: number;
  deltaFrameMeanBytes: number;
  deltaFrameMaxBytes: number;
  /** The snapshot JSON, and as a `snapshot` event frame (what a full push would cost). */
  snapshotBytes: number;
  snapshotFrameBytes: number;
  /** Mean delta frame over snapshot frame (target 5: at most 0.40 with 8 candidates). */
  deltaToSnapshot: number;
  /**
   * The same deltas in their compact form (`compactDelta`, shared/tally/compact-delta.ts) as `delta`
   * frames, built here from the 201 answers: what a push costs once the push path emits that form.
   */
  compactFrameMeanBytes?: number;
  compactToSnapshot?: number;
  failures: string[];
}

const BULLETINS = 6;

/** One subscriber per election (4 and 8 candidates) receives a few deltas; their frames are weighed. */
export async function measurePayloads(ctx: { redis: BenchRedis; serverEnv: Record<string, string>; addresses: AddressPool; log: (l: string) => void }): Promise<PayloadMeasurement[]> {
  ctx.log('payload: delta frames against snapshots, 4 and 8 candidates');
  const server = await startTallyroom({ redisUrl: ctx.redis.url, prefix: ctx.redis.newPrefix(), env: ctx.serverEnv });
  const api = jsonClient(server.url, BENCH_TOKEN);
  const fleet = await SubscriberFleet.start(1);
  try {
    const results: PayloadMeasurement[] = [];
    for (const size of [4, 8] as const) {
      const electionId = `payload-${size}`;
      const path = `/api/elections/${electionId}`;
      const group = `payload-${size}`;
      const series = createBulletinSeries(size, { steps: 2 * BULLETINS, idPrefix: electionId });
      expectStatus('define', await api.call('PUT', path, benchDefinition(size)), 201);
      // The snapshot then holds a round, as it does for anyone who subscribes during a results night.
      for (let i = 0; i < BULLETINS; i++) expectStatus('post', await api.call('POST', `${path}/bulletins`, series.next(stampSource(nowNs()))), 201);
      const before = expectStatus('snapshot', await api.call('GET', path), 200).body as { version: number };
      const connect = await fleet.connect({ group, urls: [server.url], electionId, total: 1, addresses: ctx.addresses.take(1), concurrency: 1 });
      if (connect.failed) throw new Error(`payload subscriber could not subscribe: ${connect.errors.join('; ')}`);
      await fleet.arm(group, before.version + 1, BULLETINS);
      const compactFrames: number[] = [];
      for (let i = 0; i < BULLETINS; i++) {
        const answer = expectStatus('post', await api.call('POST', `${path}/bulletins`, series.next(stampSource(nowNs()))), 201).body as { delta: Delta };
        compactFrames.push(Buffer.byteLength(encodeEvent('delta', [compactDelta(answer.delta)])));
      }
      const compactMean = compactFrames.reduce((a, b) => a + b, 0) / compactFrames.length;
      const deadline = Date.now() + 5000;
      while ((await fleet.progress(group)) < BULLETINS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const collected = await fleet.collect(group);
      await fleet.close(group);
      const snapshot = expectStatus('snapshot', await api.call('GET', path), 200).body;
      const snapshotBytes = Buffer.byteLength(JSON.stringify(snapshot));
      const snapshotFrameBytes = Buffer.byteLength(encodeEvent('snapshot', [snapshot]));
      const mean = collected.deltaFrames.count ? collected.deltaFrames.total / collected.deltaFrames.count : Number.NaN;
      results.push({
        candidates: size,
        deltas: collected.deltaFrames.count,
        deltaFrameMeanBytes: mean,
        deltaFrameMaxBytes: collected.deltaFrames.max,
        snapshotBytes,
        snapshotFrameBytes,
        deltaToSnapshot: mean / snapshotFrameBytes,
        compactFrameMeanBytes: compactMean,
        compactToSnapshot: compactMean / snapshotFrameBytes,
        failures: deliveryFailures(`payload ${size} candidates`, { ...collected.tally, closedEarly: collected.closedEarly, protocolErrors: collected.protocolErrors }),
      });
    }
    return results;
  } finally {
    api.close();
    await fleet.stop();
    await server.stop();
  }
}
