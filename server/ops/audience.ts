import { randomBytes } from 'node:crypto';
import { electionRoom } from '../../shared/rooms.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import type { TallyServer } from '../push/subscriptions.ts';
import type { AudienceBoard } from './audience-board.ts';
import { localElectionCount, localElectionCounts } from './local-rooms.ts';

export interface AudienceDeps {
  io: TallyServer;
  board: AudienceBoard;
  /** How often this node reports its counts and reads the totals. */
  intervalMs: number;
  onError?: (error: unknown) => void;
}

/** A total worth a message: any change of small audiences, 1 % of large ones, or any change after 30 s. */
function worthSending(last: { audience: number; at: number }, audience: number, now: number): boolean {
  if (audience === last.audience) return false;
  return Math.abs(audience - last.audience) >= Math.max(1, last.audience / 100) || now - last.at >= 30_000;
}

/**
 * Audience counts per election across every node: each node reports its local room sizes to the board
 * on a timer and pushes the totals to its own subscribers (`io.local`, so no node repeats another's).
 * The work is per election per interval, never per subscriber, and nothing runs on the push path.
 */
export function createAudience({ io, board, intervalMs, onError = () => {} }: AudienceDeps) {
  const nodeId = randomBytes(6).toString('hex');
  const totals = new Map<string, number>();
  const sent = new Map<string, { audience: number; at: number }>();
  const remote = new Map<string, { total: Promise<number | undefined>; until: number }>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  async function exchange(): Promise<void> {
    const next = await board.exchange(nodeId, localElectionCounts(io), intervalMs * 3);
    totals.clear();
    remote.clear();
    const now = Date.now();
    for (const [electionId, audience] of next) {
      totals.set(electionId, audience);
      const last = sent.get(electionId);
      if (last && !worthSending(last, audience, now)) continue;
      sent.set(electionId, { audience, at: now });
      io.local.to(electionRoom(electionId)).emit('audience', { electionId, audience });
    }
    for (const electionId of sent.keys()) if (!next.has(electionId)) sent.delete(electionId);
  }

  /** One report-and-read; overlapping calls share the one in flight. Errors go to `onError`. */
  function tick(): Promise<void> {
    running ??= exchange()
      .catch(onError)
      .finally(() => (running = null));
    return running;
  }

  function current(electionId: string): number {
    return totals.get(electionId) ?? localElectionCount(io, electionRoom(electionId));
  }

  return {
    nodeId,
    tick,
    start() {
      timer ??= setInterval(() => void tick(), intervalMs);
      timer.unref();
    },
    /** For a subscribe ack, without IO: the last total, or this node's own count before the first one. */
    current,
    /**
     * For a snapshot read over HTTP; undefined when the board cannot answer (the count is optional). An
     * election this node has no subscribers of is read from the board at most once per interval: the
     * count is no fresher than that anyway, and a poll must not cost a Redis read.
     */
    async total(electionId: string): Promise<number | undefined> {
      if (totals.has(electionId)) return totals.get(electionId);
      const known = remote.get(electionId);
      if (known && known.until > Date.now()) return known.total;
      const total = board.total(electionId).catch((error: unknown) => {
        remote.delete(electionId);
        onError(error);
        return undefined;
      });
      remote.set(electionId, { total, until: Date.now() + intervalMs });
      return total;
    },
    /** The snapshot with its audience (as of the last count). */
    decorate(snapshot: Snapshot): Snapshot {
      return { ...snapshot, audience: current(snapshot.electionId) };
    },
    /** Stops reporting and withdraws this node's counts. Idempotent. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
      await board.withdraw(nodeId).catch(onError);
    },
  };
}

export type Audience = ReturnType<typeof createAudience>;
