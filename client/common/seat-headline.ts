import { ProjectionStatus } from '../../shared/codes/projection-status.ts';
import type { RoundSnapshot, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { formatCounted, formatWholePercent } from './format.ts';
import type { Headline } from './headline.ts';
import { nameFor, t } from './i18n.ts';

/** A candidate's (or list's, or option's) name in the page's language, or its id. */
function candidateName(snapshot: Pick<Snapshot, 'candidates'>, id: string): string {
  const candidate = snapshot.candidates.find((c) => c.id === id);
  return candidate ? nameFor(candidate) : id;
}

/** Whether a contest is told in seats or an outcome rather than one winner: several seats, lists, referendums. */
export function isSeatContest(snapshot: Pick<Snapshot, 'rule' | 'seats'>): boolean {
  return snapshot.rule.kind === 'list' || snapshot.rule.kind === 'referendum' || (snapshot.seats ?? 1) > 1;
}

function counted(round: RoundSnapshot): string {
  if (round.final) return t('counted.complete');
  const percent = formatCounted(round.percentCounted, false);
  return percent === null ? t('counted.ballots', { count: round.ballotsCounted }) : t('counted.percent', { percent });
}

/** Seats at stake in the round: the definition's, or (round 2 of a quota) those round 1 left open. */
function roundSeats(snapshot: Snapshot, round: RoundSnapshot): number {
  const seats = snapshot.seats ?? 1;
  if (round.round !== 2) return seats;
  const first = snapshot.rounds.find((r) => r.round === 1)?.projection.winners?.length ?? 0;
  return seats - first;
}

/** "Likud 32 · Yesh Atid 24 · ...": the lists with seats, most first. */
function listLine(snapshot: Snapshot, seats: Readonly<Record<string, number>>): string {
  return Object.entries(seats)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([id, n]) => t('seats.listEntry', { name: candidateName(snapshot, id), seats: n }))
    .join(' · ');
}

function referendumHeadline(snapshot: Snapshot, round: RoundSnapshot): Headline {
  const p = round.projection;
  const rule = snapshot.rule.kind === 'referendum' ? snapshot.rule : null;
  if (p.outcome) {
    const detail = p.outcome === 'void' && rule?.quorum !== undefined ? t('referendum.voidDetail', { quorum: formatWholePercent(rule.quorum) }) : counted(round);
    return { text: t(`referendum.${p.outcome}`), detail, tone: p.status === ProjectionStatus.Final ? 'final' : 'decided' };
  }
  if (!round.leader) return { text: t('headline.noVotes'), detail: '', tone: 'waiting' };
  return { text: t('referendum.leads', { option: candidateName(snapshot, round.leader), counted: counted(round) }), detail: '', tone: 'counting' };
}

/**
 * A seat contest's state in words: "14 of 30 seats filled · 16 go to a runoff", "Likud 32 · Yesh Atid
 * 24 · ...", "Void: turnout below the 50% quorum". The headline comes from the projection the server published.
 */
export function seatHeadline(snapshot: Snapshot, round: RoundSnapshot): Headline {
  const p = round.projection;
  if (snapshot.rule.kind === 'referendum') return referendumHeadline(snapshot, round);
  if (round.ballotsCounted === 0 && !round.final) return { text: t('headline.noVotes'), detail: '', tone: 'waiting' };
  const seats = roundSeats(snapshot, round);
  if (p.seats) {
    const line = listLine(snapshot, p.seats);
    const text = p.status === ProjectionStatus.Final || p.status === ProjectionStatus.Certified ? line : t('seats.asCounted', { line, counted: counted(round) });
    return { text, detail: p.tied?.length ? t('seats.tied', { names: p.tied.map((id) => candidateName(snapshot, id)).join(', ') }) : '', tone: p.status === ProjectionStatus.Final ? 'final' : 'counting' };
  }
  const filled = p.winners?.length ?? 0;
  const open = p.runoff ? seats - filled : 0;
  const text = open > 0 ? t('seats.filledRunoff', { filled, seats, open }) : t('seats.filled', { filled, seats });
  const detail = p.tied?.length ? t('seats.tied', { names: p.tied.map((id) => candidateName(snapshot, id)).join(', ') }) : counted(round);
  return { text, detail, tone: p.status === ProjectionStatus.Final ? (open > 0 ? 'runoff' : 'final') : filled > 0 ? 'decided' : 'counting' };
}
