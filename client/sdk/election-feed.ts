import type { SubscribeAck, SubscribeRequest } from '../../shared/events.ts';
import type { Delta, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import type { CompactDelta } from '../../shared/schemas/compact-delta.schema.ts';
import { expandWireDelta } from '../../shared/tally/compact-delta.ts';
import { applyDelta } from '../../shared/tally/delta.ts';

/** One change to what a subscriber holds. */
export type FeedUpdate =
  | { kind: 'delta'; delta: Delta; snapshot: Snapshot }
  | {
      kind: 'snapshot';
      snapshot: Snapshot;
      /** `subscribed`: the first; `resynced`: after a gap or reconnect; `definition`: the election was redefined. */
      reason: 'subscribed' | 'resynced' | 'definition';
    };

/** What the caller must do next: nothing, or subscribe again with `request()` to catch up. */
export type FeedNext = 'ok' | 'resync';

/**
 * The local copy of one election, kept in version order. Pure: no socket, no timers; the client feeds
 * it what arrives and does what it answers. Rules:
 * - A delta applies only on the version it follows (`prevVersion` = held version, same epoch); a
 *   conflated delta that skips versions applies the same way. Anything else is a gap: catch up.
 * - Deltas that arrive while a subscribe is in flight are kept, and those above the snapshot it
 *   returns are applied after it (the server joins the room before it reads).
 * - Within an epoch the held version never goes down. A new epoch (the history was reset) replaces
 *   everything.
 */
export function createElectionFeed(electionId: string, emit: (update: FeedUpdate) => void) {
  let held: Snapshot | null = null;
  let pending = false;
  let buffer: Array<Delta | CompactDelta> = [];

  const sameEpoch = (d: { epoch: string }) => held !== null && d.epoch === held.epoch;

  function take(snapshot: Snapshot, reason: 'subscribed' | 'resynced' | 'definition'): void {
    held = snapshot;
    emit({ kind: 'snapshot', snapshot, reason });
  }

  function apply(received: Delta | CompactDelta): FeedNext {
    if (!held) return 'resync';
    if (sameEpoch(received) && received.version <= held.version) return 'ok';
    // A compact delta becomes the full one against the held snapshot, with the server's own functions.
    const delta = expandWireDelta(held, received);
    const next = delta && applyDelta(held, delta);
    if (!delta || !next) return 'resync';
    held = next;
    emit({ kind: 'delta', delta, snapshot: next });
    return 'ok';
  }

  /** Applies the kept deltas that follow the held version; deltas of another epoch are stale. */
  function drain(): FeedNext {
    const kept = buffer.filter((d) => sameEpoch(d) && d.version > held!.version).sort((a, b) => a.version - b.version);
    buffer = [];
    for (const [i, delta] of kept.entries()) {
      if (apply(delta) === 'resync') {
        buffer = kept.slice(i);
        return 'resync';
      }
    }
    return 'ok';
  }

  return {
    electionId,
    get snapshot(): Snapshot | null {
      return held;
    },
    get pending(): boolean {
      return pending;
    },

    /** Starts a (re)subscribe: deltas are kept until its ack. Returns the request to send. */
    request(): SubscribeRequest {
      pending = true;
      return held ? { electionId, sinceVersion: held.version, epoch: held.epoch } : { electionId };
    },

    /** The subscribe was not answered (timeout, disconnect): deltas apply directly again. */
    abandon(): void {
      pending = false;
    },

    /** The answer to `request()`: catch up from `missed`, or take the snapshot, then the kept deltas. */
    acknowledge(ack: Extract<SubscribeAck, { ok: true }>): FeedNext {
      pending = false;
      const fresh = ack.snapshot;
      if (held && ack.recovered && sameEpoch(fresh)) {
        for (const delta of ack.missed) if (apply(delta) === 'resync') break;
      }
      if (!held) take(fresh, 'subscribed');
      else if (!sameEpoch(fresh) || fresh.version > held.version) take(fresh, 'resynced');
      // The replay reached the same version: keep the server's copy, it is the reference.
      else if (fresh.version === held.version) held = fresh;
      return drain();
    },

    /** A `delta` event (full or compact). */
    receiveDelta(delta: Delta | CompactDelta): FeedNext {
      if (delta.electionId !== electionId) return 'ok';
      if (pending || !held) {
        buffer.push(delta);
        return 'ok';
      }
      const next = apply(delta);
      // Keep what could not apply: it may follow the snapshot the catch-up returns.
      if (next === 'resync') buffer.push(delta);
      return next;
    },

    /** A `snapshot` event: the election was redefined at that version. */
    receiveSnapshot(snapshot: Snapshot): FeedNext {
      if (snapshot.electionId !== electionId) return 'ok';
      if (held && sameEpoch(snapshot) && snapshot.version < held.version) return 'ok';
      take(snapshot, 'definition');
      return pending ? 'ok' : drain();
    },
  };
}

export type ElectionFeed = ReturnType<typeof createElectionFeed>;
