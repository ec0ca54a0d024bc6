import type { BulletinAccepted, BulletinDuplicate } from '../../shared/schemas/api.schema.ts';
import type { Bulletin } from '../../shared/schemas/bulletin.schema.ts';
import type { Delta } from '../../shared/schemas/snapshot.schema.ts';
import type { BulletinProblem } from '../../shared/tally/problems.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import { evaluateBulletin } from '../../shared/tally/evaluate-bulletin.ts';
import { AppError, StoreUnavailableError } from '../errors/app-error.ts';
import type { BatchedBulletin, SeenBulletin, Store } from '../store/store.ts';
import { afterConflict, type ElectionCopy, type ElectionWriter } from './election-writer.ts';

export type PostBulletinResult =
  | { status: 201; body: BulletinAccepted }
  | { status: 200; body: BulletinDuplicate };

/** What the batcher answers for one bulletin: a result, or its refusal against the latest state. */
export type BatchOutcome = PostBulletinResult | { refused: BulletinProblem[]; version: number };

/** A bulletin waiting for its batch, parsed and identified. */
export interface QueuedBulletin {
  bulletin: Bulletin & { id: string };
  hash: string;
  by: string;
}

interface Waiting extends QueuedBulletin {
  resolve: (outcome: BatchOutcome) => void;
  reject: (error: unknown) => void;
}

/** An accepted bulletin of a planned batch, with what to answer once the batch is stored. */
interface Planned {
  item: Waiting;
  commit: BatchedBulletin;
  delta: Delta;
  warnings: string[];
}

/** How often a batch is replanned (another process committed first, or an id was seen) before 503. */
const MAX_ATTEMPTS = 8;
/** Bulletins per batch at most: bounds the script's size and the wait of the first one in line. */
const MAX_BATCH = 64;

/** The answer to a bulletin id already accepted: a duplicate if the body is the same, else 409. */
export function duplicateOrConflict(seen: SeenBulletin, id: string, hash: string): PostBulletinResult {
  if (seen.hash === hash) return { status: 200, body: { version: seen.version, duplicate: true } };
  throw new AppError('id_conflict', `bulletin "${id}" was already accepted at version ${seen.version} with a different body`, [
    { path: 'id', message: `already used by the bulletin accepted at version ${seen.version}` },
  ]);
}

function answerSeen(item: Waiting, seen: SeenBulletin): void {
  try {
    item.resolve(duplicateOrConflict(seen, item.bulletin.id, item.hash));
  } catch (error) {
    item.reject(error);
  }
}

/**
 * Applies a batch, in order, to the election: each bulletin is judged on the state the previous one
 * left. Pure. `recheck` when a refusal rests on a cached copy (judge it on a fresh read instead).
 */
function plan(current: StoredElection, items: Waiting[], fresh: boolean, at: Date) {
  let stored = current;
  const accepted: Planned[] = [];
  const inBatch = new Map<string, SeenBulletin>();
  const seenInBatch: Array<{ item: Waiting; seen: SeenBulletin }> = [];
  const refused: Array<{ item: Waiting; problems: BulletinProblem[]; version: number }> = [];
  const atIso = at.toISOString();
  for (const item of items) {
    const earlier = inBatch.get(item.bulletin.id);
    if (earlier) {
      seenInBatch.push({ item, seen: earlier });
      continue;
    }
    const evaluation = evaluateBulletin(stored, item.bulletin, at);
    if (!evaluation.ok) {
      if (!fresh) return { recheck: true as const };
      refused.push({ item, problems: evaluation.problems, version: stored.state.version });
      continue;
    }
    const { state, delta, warnings } = evaluation;
    const entry = { kind: 'bulletin' as const, version: state.version, at: atIso, by: item.by, bulletin: item.bulletin, warnings, delta };
    accepted.push({ item, commit: { state, entry, dedupe: { bulletinId: item.bulletin.id, hash: item.hash } }, delta, warnings });
    inBatch.set(item.bulletin.id, { version: state.version, hash: item.hash });
    stored = { ...stored, state };
  }
  return { recheck: false as const, accepted, seenInBatch, refused, final: stored };
}

export interface BulletinBatcherDeps {
  store: Store;
  writer: ElectionWriter;
  /** Called once per accepted bulletin, after its batch is stored, in version order. */
  publish: (delta: Delta) => void;
  now: () => Date;
}

/**
 * Group commit for bulletins: those that arrive for an election while its previous commit is in flight
 * wait together and are committed in one store call (one Redis round trip), each at its own version,
 * each answered once. A failing store call fails the whole batch (503) and stores nothing.
 */
export function createBulletinBatcher({ store, writer, publish, now }: BulletinBatcherDeps) {
  const open = new Map<string, Waiting[]>();

  async function commitBatch(electionId: string, batch: Waiting[], copy: ElectionCopy): Promise<void> {
    let pending = batch;
    let fresh = false;
    let conflicts = 0;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && pending.length > 0; attempt++) {
      const read = await copy.read(fresh);
      if (!read.stored) {
        for (const item of pending) item.reject(new AppError('not_found', `no election "${electionId}"`));
        return;
      }
      const planned = plan(read.stored, pending, read.fresh, now());
      if (planned.recheck) {
        fresh = true;
        continue;
      }
      const result = planned.accepted.length === 0
        ? ({ status: 'committed' } as const)
        : await store.commitBatch({ electionId, expected: read.stored.state, bulletins: planned.accepted.map((p) => p.commit) });
      if (result.status === 'committed') {
        copy.remember(planned.final);
        for (const p of planned.accepted) {
          publish(p.delta);
          p.item.resolve({ status: 201, body: { version: p.commit.state.version, delta: p.delta, warnings: p.warnings } });
        }
        for (const { item, seen } of planned.seenInBatch) answerSeen(item, seen);
        for (const { item, problems, version } of planned.refused) item.resolve({ refused: problems, version });
        return;
      }
      if (result.status === 'duplicate') {
        // That one was accepted before (a resend): answer it, and replan the others without it.
        const item = planned.accepted[result.index]!.item;
        answerSeen(item, result.seen);
        pending = pending.filter((w) => w !== item);
        continue;
      }
      copy.forget();
      // Stale cached copy: read again at once; lost on a fresh read: another process is racing, wait a little.
      if (read.fresh) await afterConflict(++conflicts);
      fresh = true;
    }
    const tooFast = new StoreUnavailableError('the election is changing too fast to commit this safely; retry (it is safe to resend)');
    for (const item of pending) item.reject(tooFast);
  }

  return {
    /** Queues a bulletin for its election's next batch; resolves with its own answer. */
    submit(electionId: string, queued: QueuedBulletin): Promise<BatchOutcome> {
      return new Promise<BatchOutcome>((resolve, reject) => {
        let batch = open.get(electionId);
        if (!batch) {
          const fresh: Waiting[] = [];
          batch = fresh;
          open.set(electionId, fresh);
          // Runs in the election's turn: every bulletin queued until then joins this batch.
          void writer.exclusive(electionId, async (copy) => {
            if (open.get(electionId) === fresh) open.delete(electionId);
            try {
              await commitBatch(electionId, fresh, copy);
            } catch (error) {
              copy.forget();
              for (const item of fresh) item.reject(error);
            }
          });
        }
        batch.push({ ...queued, resolve, reject });
        if (batch.length >= MAX_BATCH) open.delete(electionId);
      });
    },
  };
}
