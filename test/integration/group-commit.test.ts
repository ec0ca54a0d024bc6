import { beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../server/errors/app-error.ts';
import type { CommitRequest } from '../../server/store/store.ts';
import type { BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import { iran2017 } from '../fixtures/seeds.ts';
import { define, useTestServer } from '../helpers/test-server.ts';
import { collectDeltas } from '../helpers/wait-for.ts';

/**
 * Group commit: bulletins posted to one election at the same time are committed in batches (one store
 * call each), yet each gets its own version, its own single answer and its own history entry.
 */
const server = useTestServer();
const batches: number[] = [];
let failNext = false;
/** Holds each batch commit this long first, so bulletins arriving meanwhile must queue behind it. */
let commitDelayMs = 0;

beforeAll(() => {
  // Observe (and, for one test, fail) the real Redis store's commits of bulletins.
  const commit = server.store.commit.bind(server.store);
  server.store.commit = async (request: CommitRequest) => {
    const bulletins = request.entries.filter((e) => e.bulletin).length;
    if (bulletins === 0) return commit(request);
    batches.push(bulletins);
    if (commitDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, commitDelayMs));
    if (failNext) throw new StoreUnavailableError('the store cannot commit right now; nothing was changed, retry shortly');
    return commit(request);
  };
});

let n = 0;
async function newElection(): Promise<string> {
  const id = `group-${++n}`;
  await define(server, id, iran2017);
  return id;
}

/** Same figures each time, so any arrival order is valid; ids tell them apart. */
const bulletin = (id: string, ballotsCounted = 1_000): BulletinInput => ({
  id,
  ballotsCounted,
  votes: { rouhani: 500, raisi: 400, mirsalim: 50, 'hashemi-taba': 10 },
});

const post = (electionId: string, body: BulletinInput) => server.request('POST', `/api/elections/${electionId}/bulletins`, body);

async function history(electionId: string): Promise<Array<{ version: number; id: string }>> {
  const res = await server.request('GET', `/api/elections/${electionId}/bulletins?since=0&limit=1000`);
  return res.body.bulletins.map((b: { version: number; bulletin: { id: string } }) => ({ version: b.version, id: b.bulletin.id }));
}

describe('group commit of bulletins to one election', () => {
  it('gives concurrent bulletins contiguous versions, each answered once, and batches them', async () => {
    const electionId = await newElection();
    const subscriber = await server.socket();
    // Every delta, not one per conflation window: this test counts them.
    const ack = await subscriber.emitWithAck('subscribe', { electionId, conflated: false });
    expect(ack.ok).toBe(true);
    const deltas = collectDeltas(subscriber);
    batches.length = 0;

    // A commit in flight for 30 ms: however fast (or slowed by a busy machine) the answers are, the
    // bulletins that arrive meanwhile wait together for the next batch.
    commitDelayMs = 30;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => post(electionId, bulletin(`b-${i}`)))).finally(() => (commitDelayMs = 0));
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(201));
    const versions = answers.map((a) => a.body.version as number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Fewer store calls than bulletins: some were committed together.
    expect(batches.reduce((a, b) => a + b, 0)).toBe(40);
    expect(Math.max(...batches)).toBeGreaterThan(1);

    const listed = await history(electionId);
    expect(listed.map((h) => h.version)).toEqual(versions);
    expect(new Set(listed.map((h) => h.id)).size).toBe(40);
    for (const a of answers) expect(listed).toContainEqual({ version: a.body.version, id: `b-${answers.indexOf(a)}` });
    // Deltas go out once each, in version order.
    await deltas.until(40, electionId);
    expect(deltas.received.map((d) => d.version)).toEqual(versions);
  });

  it('detects duplicates within one batch: one version, the rest answered as duplicates or conflicts', async () => {
    const electionId = await newElection();
    const same = bulletin('twice');
    const answers = await Promise.all([
      post(electionId, bulletin('first')),
      post(electionId, same),
      post(electionId, same),
      post(electionId, same),
      post(electionId, { ...same, ballotsCounted: 2_000 }),
    ]);
    const twice = answers.slice(1, 4);
    const created = twice.filter((a) => a.status === 201);
    expect(created).toHaveLength(1);
    const version = created[0]!.body.version;
    for (const a of twice.filter((x) => x.status !== 201)) expect(a).toEqual({ status: 200, body: { version, duplicate: true } });
    expect(answers[4]!.status).toBe(409);
    expect(answers[4]!.body.error.code).toBe('id_conflict');
    expect((await history(electionId)).map((h) => h.id).sort()).toEqual(['first', 'twice']);
  });

  it('fails every bulletin of a batch with 503 when its commit fails, and stores none of them', async () => {
    const electionId = await newElection();
    expect((await post(electionId, bulletin('before'))).status).toBe(201);
    failNext = true;
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post(electionId, bulletin(`lost-${i}`))));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(503));
      for (const a of answers) expect(a.body.error.code).toBe('store_unavailable');
    } finally {
      failNext = false;
    }
    expect(await history(electionId)).toEqual([{ version: 1, id: 'before' }]);
    // Nothing half-written: the election goes on at version 2, and a resend is accepted.
    const retry = await post(electionId, bulletin('lost-0'));
    expect(retry.status).toBe(201);
    expect(retry.body.version).toBe(2);
  });
});
