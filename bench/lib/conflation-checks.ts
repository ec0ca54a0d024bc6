/**
 * The conflation phase's checks (target 6), pure: a subscriber's own tally kept from what it receives,
 * the frames it got per window, and whether it ended on the exact final state.
 */

/** What one subscriber holds: the version it is at and each candidate's votes in the round it follows. */
export interface TallyState {
  version: number;
  votes: Record<string, number>;
}

/** A `delta` event as received: compact (`votes` of the changed candidates) or full (`candidates`). */
export interface WireDeltaLike {
  version: number;
  prevVersion: number;
  votes?: Record<string, number>;
  candidates?: Array<{ id: string; votes: number }>;
}

/** A subscriber's starting state from its subscribe ack's snapshot (the latest round). */
export function stateFromSnapshot(snapshot: { version: number; rounds: Array<{ round: number; candidates: Array<{ id: string; votes: number }> }> }): TallyState {
  const latest = snapshot.rounds.reduce<(typeof snapshot.rounds)[number] | null>((a, r) => (a && a.round > r.round ? a : r), null);
  return { version: snapshot.version, votes: Object.fromEntries((latest?.candidates ?? []).map((c) => [c.id, c.votes])) };
}

/**
 * Applies a received delta to `state` (in place): a compact one merges its `votes`, a full one takes
 * `candidates`. Returns false when it does not follow the state (its prevVersion is not the state's
 * version: a frame was missed); it is applied anyway, so that one gap is counted once.
 */
export function applyWireDelta(state: TallyState, delta: WireDeltaLike): boolean {
  const follows = delta.prevVersion === state.version;
  if (delta.candidates) state.votes = Object.fromEntries(delta.candidates.map((c) => [c.id, c.votes]));
  else Object.assign(state.votes, delta.votes ?? {});
  state.version = delta.version;
  return follows;
}

/** Whether a subscriber's tally is exactly the expected one: same version, same candidates, same votes. */
export function sameState(state: TallyState, expected: TallyState): boolean {
  if (state.version !== expected.version) return false;
  const keys = Object.keys(expected.votes);
  if (Object.keys(state.votes).length !== keys.length) return false;
  return keys.every((k) => state.votes[k] === expected.votes[k]);
}

/** The most of `times` (sorted, any unit) that fall within any window of `window` length: [t, t + window). */
export function maxInWindow(times: readonly number[], window: number): number {
  let best = 0;
  let from = 0;
  for (let to = 0; to < times.length; to++) {
    while (times[to]! - times[from]! >= window) from++;
    best = Math.max(best, to - from + 1);
  }
  return best;
}

/** The smallest gap between consecutive `times` (sorted), or Infinity with fewer than two. */
export function minGap(times: readonly number[]): number {
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i]! - times[i - 1]!);
  return gap;
}

/**
 * The most pushes one room may get while deltas are committed over `spanMs`, with one push per
 * `windowMs` at most: the leading-edge push when the first delta is committed, then at most one per
 * window closing while deltas still came in (the last one carries what came in the last window).
 * `spanMs` runs from the first POST sent to the last answer received, which bounds every commit.
 */
export function allowedPushes(spanMs: number, windowMs: number): number {
  return 1 + Math.ceil(spanMs / windowMs);
}

/** One subscriber process's view of a phase, or several merged. */
export interface PhaseFrames {
  subscribers: number;
  /** Delta frames per subscriber in the phase. */
  framesMin: number;
  framesMax: number;
  framesTotal: number;
  /** The most delta frames any subscriber got within one window (as received: delivery jitter included). */
  maxInWindow: number;
  /** The smallest gap between two delta frames of one subscriber, in ms (as received). */
  minGapMs: number;
  /** Frames that did not follow the subscriber's state (a missed frame). */
  gaps: number;
  /** Subscribers whose final tally is not the expected one, and a few examples. */
  mismatches: number;
  samples: string[];
}

/** Summarises subscribers' frame times (ns, sorted) and final states against the expected one. */
export function summarisePhase(subscribers: ReadonlyArray<{ times: readonly number[]; gaps: number; state: TallyState }>, expected: TallyState, windowMs: number): PhaseFrames {
  const out: PhaseFrames = { subscribers: subscribers.length, framesMin: Number.POSITIVE_INFINITY, framesMax: 0, framesTotal: 0, maxInWindow: 0, minGapMs: Number.POSITIVE_INFINITY, gaps: 0, mismatches: 0, samples: [] };
  subscribers.forEach((s, i) => {
    out.framesMin = Math.min(out.framesMin, s.times.length);
    out.framesMax = Math.max(out.framesMax, s.times.length);
    out.framesTotal += s.times.length;
    out.maxInWindow = Math.max(out.maxInWindow, maxInWindow(s.times, windowMs * 1e6));
    out.minGapMs = Math.min(out.minGapMs, minGap(s.times) / 1e6);
    out.gaps += s.gaps;
    if (!sameState(s.state, expected)) {
      out.mismatches += 1;
      if (out.samples.length < 3) out.samples.push(`subscriber ${i} at version ${s.state.version} with ${JSON.stringify(s.state.votes)}`);
    }
  });
  if (!subscribers.length) out.framesMin = 0;
  return out;
}

/** Merges the summaries of several subscriber processes. */
export function mergePhaseFrames(parts: readonly PhaseFrames[]): PhaseFrames {
  return parts.reduce(
    (a, p) => ({
      subscribers: a.subscribers + p.subscribers,
      framesMin: Math.min(a.framesMin, p.framesMin),
      framesMax: Math.max(a.framesMax, p.framesMax),
      framesTotal: a.framesTotal + p.framesTotal,
      maxInWindow: Math.max(a.maxInWindow, p.maxInWindow),
      minGapMs: Math.min(a.minGapMs, p.minGapMs),
      gaps: a.gaps + p.gaps,
      mismatches: a.mismatches + p.mismatches,
      samples: [...a.samples, ...p.samples].slice(0, 5),
    }),
    { subscribers: 0, framesMin: Number.POSITIVE_INFINITY, framesMax: 0, framesTotal: 0, maxInWindow: 0, minGapMs: Number.POSITIVE_INFINITY, gaps: 0, mismatches: 0, samples: [] } as PhaseFrames,
  );
}

/** What fails a conflation phase: too many pushes, a missed frame, a subscriber not on the final state. */
export function conflationFailures(label: string, f: PhaseFrames, expectedSubscribers: number, allowed: number): string[] {
  const out: string[] = [];
  if (f.subscribers !== expectedSubscribers) out.push(`${label}: ${f.subscribers} of ${expectedSubscribers} subscribers reported`);
  if (f.framesMax > allowed) out.push(`${label}: a subscriber got ${f.framesMax} pushes, more than the ${allowed} one push per window allows`);
  if (f.framesMin === 0) out.push(`${label}: a subscriber got no push at all`);
  if (f.gaps > 0) out.push(`${label}: ${f.gaps} frames did not follow the subscriber's version (missed pushes)`);
  if (f.mismatches > 0) out.push(`${label}: ${f.mismatches} subscribers did not end on the final state, e.g. ${f.samples.join('; ')}`);
  return out;
}
