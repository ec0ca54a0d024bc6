/**
 * A history checker for fault tests, after Jepsen's: every post and read a test makes is recorded as
 * invoked and then completed (ok, fail or unknown), and the record is checked against what a
 * per-election versioned register allows. Pure: no IO, the clock is the caller's.
 */

/** What a post learned: `ok` (201, or 200 duplicate, with a version), `fail` (refused: not applied), `unknown`. */
export type PostOutcome = { type: 'ok'; version: number; duplicate: boolean } | { type: 'fail' } | { type: 'unknown' };

export interface PostOp {
  kind: 'post';
  id: string;
  invokedAt: number;
  completedAt: number;
  outcome: PostOutcome;
}

/** A read of the election's version (a snapshot, a subscriber's figures). */
export interface ReadOp {
  kind: 'read';
  invokedAt: number;
  completedAt: number;
  version: number;
}

export type Op = PostOp | ReadOp;

/** The history as finally read from the store (after the faults), in version order, with when it was read. */
export interface FinalRead {
  readAt: number;
  entries: ReadonlyArray<{ version: number; id: string }>;
}

/** Posts that were accepted (201 or duplicate), by id: the versions they were told. */
function acceptedVersions(posts: PostOp[]): Map<string, Set<number>> {
  const told = new Map<string, Set<number>>();
  for (const p of posts) if (p.outcome.type === 'ok') told.set(p.id, (told.get(p.id) ?? new Set()).add(p.outcome.version));
  return told;
}

/** No version given to two bulletins, and one id told one version only (a resend answers the first outcome). */
function versionProblems(posts: PostOp[]): string[] {
  const problems: string[] = [];
  const owner = new Map<number, string>();
  for (const [id, versions] of acceptedVersions(posts)) {
    if (versions.size > 1) problems.push(`bulletin ${id} was told versions ${[...versions].join(', ')}`);
    for (const v of versions) {
      const other = owner.get(v);
      if (other !== undefined && other !== id) problems.push(`version ${v} was given to ${other} and to ${id}`);
      owner.set(v, id);
    }
  }
  return problems;
}

/** Reads never go back in real time: a read that began after another ended sees at least its version, and every 201 before it. */
function monotonicProblems(ops: Op[]): string[] {
  const problems: string[] = [];
  const floors = ops
    .filter((o) => o.kind === 'read' || (o.outcome.type === 'ok' && !o.outcome.duplicate))
    .map((o) => ({ completedAt: o.completedAt, version: o.kind === 'read' ? o.version : (o.outcome as { version: number }).version, what: o.kind }));
  for (const read of ops.filter((o): o is ReadOp => o.kind === 'read')) {
    const floor = floors.filter((f) => f.completedAt < read.invokedAt).reduce((max, f) => (f.version > max.version ? f : max), { version: 0, what: 'read' as string });
    if (read.version < floor.version) problems.push(`a read at ${read.invokedAt} saw version ${read.version}, after a ${floor.what} had seen ${floor.version}`);
  }
  return problems;
}

/** The final history: gapless from 1, each id once, every accepted post in it at its version, no refused one. */
function finalProblems(posts: PostOp[], final: FinalRead): string[] {
  const problems: string[] = [];
  final.entries.forEach((e, i) => {
    if (e.version !== i + 1) problems.push(`the history has version ${e.version} at position ${i + 1} (a gap or a repeat)`);
  });
  const at = new Map<string, number[]>();
  for (const e of final.entries) at.set(e.id, [...(at.get(e.id) ?? []), e.version]);
  for (const [id, versions] of at) if (versions.length > 1) problems.push(`bulletin ${id} is in the history ${versions.length} times (versions ${versions.join(', ')})`);
  for (const [id, versions] of acceptedVersions(posts)) {
    const stored = at.get(id)?.[0];
    if (stored === undefined) problems.push(`bulletin ${id} was accepted (version ${[...versions][0]}) but is not in the history: lost`);
    else if (!versions.has(stored)) problems.push(`bulletin ${id} was told version ${[...versions][0]} but the history has it at ${stored}`);
  }
  const refusedOnly = new Set(posts.filter((p) => p.outcome.type === 'fail').map((p) => p.id));
  for (const p of posts) if (p.outcome.type !== 'fail') refusedOnly.delete(p.id);
  for (const id of refusedOnly) if (at.has(id)) problems.push(`bulletin ${id} was refused every time it was sent, yet it is in the history`);
  return problems;
}

/** Unknown outcomes must be resolved: by a later ok answer for the same id, or by the final read after them. */
function unknownProblems(posts: PostOp[], final: FinalRead): string[] {
  const problems: string[] = [];
  for (const p of posts) {
    if (p.outcome.type !== 'unknown') continue;
    const answered = posts.some((q) => q.id === p.id && q.outcome.type === 'ok' && q.invokedAt > p.invokedAt);
    if (!answered && final.readAt <= p.completedAt) problems.push(`bulletin ${p.id}'s unknown outcome (at ${p.completedAt}) is never resolved`);
  }
  return problems;
}

/** Everything wrong with a recorded history; empty when it is one a versioned register allows. */
export function checkHistory(ops: Op[], final: FinalRead): string[] {
  const posts = ops.filter((o): o is PostOp => o.kind === 'post');
  return [...versionProblems(posts), ...monotonicProblems(ops), ...finalProblems(posts, final), ...unknownProblems(posts, final)];
}

/** Records operations as they are invoked and completed, with the caller's clock. */
export function createHistoryRecorder(now: () => number = () => performance.now()) {
  const ops: Op[] = [];
  return {
    ops,
    /** Starts a post of `id`; call the result with what it learned. */
    post(id: string) {
      const invokedAt = now();
      return (outcome: PostOutcome) => void ops.push({ kind: 'post', id, invokedAt, completedAt: now(), outcome });
    },
    /** Starts a read; call the result with the version it saw. */
    read() {
      const invokedAt = now();
      return (version: number) => void ops.push({ kind: 'read', invokedAt, completedAt: now(), version });
    },
    now,
  };
}

/** An HTTP answer to a post as an outcome: 201/200 ok, 4xx and `store_unavailable` fail (nothing sent), the rest unknown. */
export function postOutcome(answer: { status: number; body: any } | null): PostOutcome {
  if (!answer) return { type: 'unknown' };
  if (answer.status === 201 || answer.status === 200) return { type: 'ok', version: answer.body.version, duplicate: answer.status === 200 };
  if (answer.status < 500 || answer.body?.error?.code === 'store_unavailable') return { type: 'fail' };
  return { type: 'unknown' };
}
