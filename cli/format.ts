import { ProjectionStatus } from '../shared/codes/projection-status.ts';
import type { Delta, Snapshot } from '../shared/schemas/snapshot.schema.ts';

const count = (n: number) => n.toLocaleString('en-US');
const signed = (n: number) => (n > 0 ? `+${count(n)}` : n < 0 ? `−${count(-n)}` : '±0');

/** Candidate id -> name, from a snapshot's definition. */
export function namesOf(snapshot: Pick<Snapshot, 'candidates'>): Map<string, string> {
  return new Map(snapshot.candidates.map((c) => [c.id, c.name]));
}

function projectionText(p: Delta['projection'], names: Map<string, string>): string {
  const name = (id: string) => names.get(id) ?? id;
  const by = p.calledBy ? ` (${p.status === ProjectionStatus.Uncalled ? 'retracted' : p.status} by ${p.calledBy})` : '';
  const trails = p.winnerNotLeading ? ', not leading the count' : '';
  if (p.winner) return `${p.status}: ${name(p.winner)} wins${by}${trails}`;
  if (p.outcome) return `${p.status}: ${p.outcome}${by}`;
  if (p.seats) return `${p.status}: ${Object.entries(p.seats).filter(([, n]) => n > 0).map(([id, n]) => `${name(id)} ${n}`).join(', ')} seats${by}`;
  const elected = p.winners?.length ? `${p.winners.map(name).join(', ')} elected` : '';
  const runoff = p.runoff ? `runoff ${p.runoff.map(name).join(' v ')}` : '';
  if (elected || runoff) return `${p.status}: ${[elected, runoff].filter(Boolean).join('; ')}${by}`;
  return `${p.status}${by}`;
}

/** One line per delta, as a wire ticker prints it. */
export function formatDelta(delta: Delta, names: Map<string, string>, top = 3): string {
  const counted = delta.percentCounted === null ? `${count(delta.ballotsCounted)} counted` : `${delta.percentCounted}% counted`;
  const leaders = [...delta.candidates]
    .sort((a, b) => b.votes - a.votes)
    .slice(0, top)
    .map((c) => `${names.get(c.id) ?? c.id} ${count(c.votes)} (${c.share}%, ${signed(c.votesChange)})`);
  const flags = [delta.final ? 'FINAL' : '', delta.correction ? 'CORRECTION' : '', delta.approximate ? '≈' : ''].filter(Boolean).join(' ');
  return `v${delta.version}  round ${delta.round}  ${counted}  ${leaders.join('  ')}  → ${projectionText(delta.projection, names)}${flags ? `  ${flags}` : ''}`;
}

/** A one-line headline of a snapshot: mode, version, the latest round. */
export function formatSnapshot(snapshot: Snapshot): string {
  const mode = snapshot.mode === 'test' ? '[TEST] ' : '';
  const round = snapshot.rounds.at(-1);
  const audience = snapshot.audience === undefined ? '' : `  ${count(snapshot.audience)} watching`;
  if (!round) return `${mode}${snapshot.name} v${snapshot.version}: no figures yet${audience}`;
  const names = namesOf(snapshot);
  const lead = round.leader ? `${names.get(round.leader) ?? round.leader} leads by ${count(round.margin)}` : 'no leader';
  const counted = round.percentCounted === null ? `${count(round.ballotsCounted)} counted` : `${round.percentCounted}% counted`;
  return `${mode}${snapshot.name} v${snapshot.version}: round ${round.round}, ${counted}, ${lead} → ${projectionText(round.projection, names)}${audience}`;
}
