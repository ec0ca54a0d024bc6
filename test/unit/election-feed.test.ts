import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from '../../client/sdk/backoff.ts';
import { createElectionFeed, type FeedUpdate } from '../../client/sdk/election-feed.ts';
import type { Delta, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { compactDelta } from '../../shared/tally/compact-delta.ts';
import { diffRound } from '../../shared/tally/delta.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { evaluate, newElection } from '../helpers/night.ts';

/** A real results night: snapshots[v] is the election at version v, deltas[v] the change to it. */
function night(bulletins: number, epoch = 'epoch-1') {
  let stored: StoredElection = newElection(iran2017, 'iran-2017');
  stored = { ...stored, state: { ...stored.state, epoch } };
  const snapshots: Snapshot[] = [buildSnapshot(stored)];
  const deltas: Delta[] = [];
  for (let i = 1; i <= bulletins; i++) {
    const result = evaluate(stored, { ...seed000, id: `b${i}`, ballotsCounted: 25_000_000 + i * 1_000_000, votes: { rouhani: 14_619_000 + i * 600_000, raisi: 10_125_000 + i * 400_000 } });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    stored = { ...stored, state: result.state };
    snapshots.push(buildSnapshot(stored));
    deltas[i] = result.delta;
  }
  return { snapshots, deltas: deltas as Delta[] };
}

function feedWithLog() {
  const log: FeedUpdate[] = [];
  const feed = createElectionFeed('iran-2017', (u) => log.push(u));
  const seen = () => log.map((u) => (u.kind === 'delta' ? `delta ${u.delta.version}` : `${u.reason} ${u.snapshot.version}`));
  return { feed, log, seen };
}

const ack = (snapshot: Snapshot, missed: Delta[] = [], recovered = false) => ({ ok: true as const, snapshot, missed, recovered });

describe('election feed', () => {
  const { snapshots, deltas } = night(5);

  it('subscribes from nothing, then applies deltas in order', () => {
    const { feed, seen } = feedWithLog();
    expect(feed.request()).toEqual({ electionId: 'iran-2017' });
    expect(feed.acknowledge(ack(snapshots[1]!))).toBe('ok');
    expect(feed.receiveDelta(deltas[2]!)).toBe('ok');
    expect(seen()).toEqual(['subscribed 1', 'delta 2']);
    expect(feed.snapshot).toEqual(snapshots[2]);
  });

  it('applies compact deltas like full ones, buffered or not, and hands listeners the full delta', () => {
    const { feed, log, seen } = feedWithLog();
    feed.request();
    expect(feed.receiveDelta(compactDelta(deltas[2]!))).toBe('ok');
    feed.acknowledge(ack(snapshots[1]!));
    expect(feed.receiveDelta(compactDelta(deltas[3]!))).toBe('ok');
    expect(seen()).toEqual(['subscribed 1', 'delta 2', 'delta 3']);
    expect(log.flatMap((u) => (u.kind === 'delta' ? [u.delta] : []))).toEqual([deltas[2], deltas[3]]);
    expect(feed.snapshot).toEqual(snapshots[3]);
    // A compact delta that does not follow what is held asks for a catch-up.
    expect(feed.receiveDelta(compactDelta(deltas[5]!))).toBe('resync');
  });

  it('keeps deltas that arrive before the subscribe ack, and applies those above its snapshot', () => {
    const { feed, seen } = feedWithLog();
    feed.request();
    // The server joined the room, then read version 2: deltas 2 and 3 reach us before the ack.
    expect(feed.receiveDelta(deltas[2]!)).toBe('ok');
    expect(feed.receiveDelta(deltas[3]!)).toBe('ok');
    expect(seen()).toEqual([]);
    expect(feed.acknowledge(ack(snapshots[2]!))).toBe('ok');
    expect(seen()).toEqual(['subscribed 2', 'delta 3']);
    expect(feed.snapshot).toEqual(snapshots[3]);
  });

  it('sees a gap, asks from the version it holds, and catches up from missed', () => {
    const { feed, seen } = feedWithLog();
    feed.request();
    feed.acknowledge(ack(snapshots[1]!));
    expect(feed.receiveDelta(deltas[3]!)).toBe('resync');
    expect(feed.snapshot?.version).toBe(1);
    expect(feed.request()).toEqual({ electionId: 'iran-2017', sinceVersion: 1, epoch: 'epoch-1' });
    expect(feed.acknowledge(ack(snapshots[3]!, [deltas[2]!, deltas[3]!], true))).toBe('ok');
    expect(seen()).toEqual(['subscribed 1', 'delta 2', 'delta 3']);
    expect(feed.snapshot).toEqual(snapshots[3]);
  });

  it('takes the fresh snapshot when the server cannot replay', () => {
    const { feed, seen } = feedWithLog();
    feed.request();
    feed.acknowledge(ack(snapshots[1]!));
    feed.request();
    expect(feed.acknowledge(ack(snapshots[4]!, [], false))).toBe('ok');
    expect(seen()).toEqual(['subscribed 1', 'resynced 4']);
    expect(feed.receiveDelta(deltas[5]!)).toBe('ok');
    expect(feed.snapshot).toEqual(snapshots[5]);
  });

  it('never goes back: older snapshots and deltas already applied are ignored', () => {
    const { feed, seen } = feedWithLog();
    feed.request();
    feed.acknowledge(ack(snapshots[3]!));
    expect(feed.receiveDelta(deltas[2]!)).toBe('ok');
    expect(feed.receiveDelta(deltas[3]!)).toBe('ok');
    feed.request();
    expect(feed.acknowledge(ack(snapshots[1]!))).toBe('ok');
    expect(feed.receiveSnapshot(snapshots[2]!)).toBe('ok');
    expect(seen()).toEqual(['subscribed 3']);
    expect(feed.snapshot?.version).toBe(3);
  });

  it('applies a conflated delta that skips versions, exactly', () => {
    const { feed } = feedWithLog();
    feed.request();
    feed.acknowledge(ack(snapshots[1]!));
    const d = deltas[4]!;
    const conflated = diffRound(snapshots[1]!.rounds[0], snapshots[4]!.rounds[0]!, { electionId: d.electionId, epoch: d.epoch, version: 4, prevVersion: 1, at: d.at, correction: false });
    expect(feed.receiveDelta(conflated)).toBe('ok');
    expect(feed.snapshot).toEqual(snapshots[4]);
  });

  it('replaces everything on a snapshot event (redefinition), then follows on from it', () => {
    const { feed, seen } = feedWithLog();
    feed.request();
    feed.acknowledge(ack(snapshots[1]!));
    const redefined = { ...snapshots[2]!, name: 'Renamed' };
    expect(feed.receiveSnapshot(redefined)).toBe('ok');
    expect(feed.receiveDelta(deltas[3]!)).toBe('ok');
    expect(seen()).toEqual(['subscribed 1', 'definition 2', 'delta 3']);
    expect(feed.snapshot?.name).toBe('Renamed');
  });

  it('follows a reset: another epoch resyncs and is taken even at a lower version', () => {
    const { feed, seen } = feedWithLog();
    const reset = night(2, 'epoch-2');
    feed.request();
    feed.acknowledge(ack(snapshots[4]!));
    expect(feed.receiveDelta(reset.deltas[1]!)).toBe('resync');
    feed.request();
    expect(feed.acknowledge(ack(reset.snapshots[1]!, [], false))).toBe('ok');
    expect(seen()).toEqual(['subscribed 4', 'resynced 1']);
    expect(feed.snapshot?.epoch).toBe('epoch-2');
  });

  it('ignores deltas of other elections', () => {
    const { feed, seen } = feedWithLog();
    feed.request();
    feed.acknowledge(ack(snapshots[1]!));
    expect(feed.receiveDelta({ ...deltas[2]!, electionId: 'elsewhere' })).toBe('ok');
    expect(seen()).toEqual(['subscribed 1']);
  });

  it('asks again when the deltas kept during a subscribe do not follow its snapshot', () => {
    const { feed } = feedWithLog();
    feed.request();
    feed.receiveDelta(deltas[4]!);
    expect(feed.acknowledge(ack(snapshots[2]!))).toBe('resync');
    feed.request();
    expect(feed.acknowledge(ack(snapshots[3]!, [deltas[3]!], true))).toBe('ok');
    // The kept delta 4 follows the caught-up version 3.
    expect(feed.snapshot).toEqual(snapshots[4]);
  });
});

describe('full-jitter backoff', () => {
  it('waits between 0 and min(cap, base * 2^attempt)', () => {
    const opts = { baseMs: 500, capMs: 15_000 };
    expect(fullJitterDelay(0, opts, () => 0)).toBe(0);
    expect(fullJitterDelay(0, opts, () => 0.999)).toBe(499);
    expect(fullJitterDelay(3, opts, () => 0.5)).toBe(2000);
    expect(fullJitterDelay(20, opts, () => 0.999)).toBe(14_985);
  });

  it('spreads waits over the whole window', () => {
    const waits = Array.from({ length: 2000 }, () => fullJitterDelay(4, { baseMs: 500, capMs: 15_000 }));
    expect(Math.min(...waits)).toBeLessThan(800);
    expect(Math.max(...waits)).toBeGreaterThan(7200);
    expect(waits.every((w) => w >= 0 && w < 8000)).toBe(true);
  });
});
