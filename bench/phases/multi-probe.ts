import type { SubscriberFleet } from '../clients/fleet.ts';
import type { AddressPool } from '../lib/addresses.ts';
import { benchDefinition, createBulletinSeries } from '../lib/bulletins.ts';
import { nowNs, stampSource } from '../lib/clock.ts';
import { expectStatus, jsonClient } from '../lib/http.ts';
import { BENCH_TOKEN } from '../targets/tallyroom.ts';
import type { FanoutTarget } from './fanout-targets.ts';

const PROBE_WAIT_MS = 3000;

/**
 * Does a delta posted to the first server process reach a subscriber of every other one? One
 * subscriber per process on a probe election, one bulletin to the first. Resolves with the reason to
 * skip the multi-process step, or null when deltas cross processes.
 */
export async function probeCrossProcess(target: FanoutTarget, fleet: SubscriberFleet, addresses: AddressPool): Promise<string | null> {
  const electionId = `${target.electionId}-probe`;
  const api = jsonClient(target.urls[0]!, BENCH_TOKEN);
  const group = `probe-${electionId}`;
  try {
    const path = `/api/elections/${electionId}`;
    const defined = expectStatus('define the probe election', await api.call('PUT', path, benchDefinition(4)), 201);
    const processes = target.urls.length;
    const connect = await fleet.connect({ group, urls: target.urls, electionId, total: processes, addresses: addresses.take(1), concurrency: 1 });
    if (connect.failed > 0) throw new Error(`probe subscribers could not subscribe: ${connect.errors.join('; ')}`);
    const version = (defined.body as { version: number }).version + 1;
    await fleet.arm(group, version, 1);
    const bulletin = createBulletinSeries(4, { steps: 1, idPrefix: electionId }).next(stampSource(nowNs()));
    expectStatus('post the probe bulletin', await api.call('POST', `${path}/bulletins`, bulletin), 201);
    const deadline = Date.now() + PROBE_WAIT_MS;
    let delivered = 0;
    while (Date.now() < deadline && (delivered = await fleet.progress(group)) < processes) await new Promise((r) => setTimeout(r, 50));
    await fleet.close(group);
    if (delivered >= processes) return null;
    return (
      `a delta posted to server process 1 reached ${delivered} of ${processes} subscribers (one on each process) within ${PROBE_WAIT_MS / 1000} s: ` +
      'deltas do not cross server processes in this build (the Redis adapter of issue 5 is not there yet)'
    );
  } finally {
    api.close();
  }
}
