import { ProjectionStatus } from '../../shared/codes/projection-status.ts';
import type { RoundSnapshot, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { formatCounted, formatLarge } from './format.ts';
import { nameFor, t } from './i18n.ts';
import { isSeatContest, seatHeadline } from './seat-headline.ts';

/** How a headline should look: the pages colour and weight it by tone. */
export type Tone = 'waiting' | 'counting' | 'close' | 'decided' | 'runoff' | 'final';

export interface Headline {
  /** The outcome in plain words: "Hassan Rouhani leads by 4.5 million with 62% counted". */
  text: string;
  /** A second line with the why, or empty. */
  detail: string;
  tone: Tone;
}

/** A candidate's name in the page's language (their `names`, else `name`), or the id when unknown. */
export function candidateName(snapshot: Pick<Snapshot, 'candidates'>, id: string | undefined | null): string {
  const candidate = snapshot.candidates.find((c) => c.id === id);
  return candidate ? nameFor(candidate) : (id ?? '');
}

function counted(round: RoundSnapshot): string {
  if (round.final) return t('counted.complete');
  const percent = formatCounted(round.percentCounted, false);
  return percent === null ? t('counted.ballots', { count: round.ballotsCounted }) : t('counted.percent', { percent });
}

function margin(votes: number): string {
  return votes >= 1_000_000 ? t('margin.large', { amount: formatLarge(votes) }) : t('margin.votes', { count: votes });
}

const joined = (...parts: string[]) => parts.filter(Boolean).join('. ');

/**
 * One round's state in words, from the projection the server published, desk calls included ("Hassan
 * Rouhani wins (called by AP)"). Statuses added later fall back to who leads, so a page never shows nothing.
 */
export function roundHeadline(snapshot: Snapshot, round: RoundSnapshot): Headline {
  if (isSeatContest(snapshot)) return seatHeadline(snapshot, round);
  const p = round.projection;
  const name = (id: string | undefined | null) => candidateName(snapshot, id);
  const leader = name(round.leader ?? round.candidates[0]?.id);
  const pair = p.runoff ? t('headline.pair', { a: name(p.runoff[0]), b: name(p.runoff[1]) }) : null;
  const remaining = p.remaining !== undefined ? t('headline.remaining', { amount: formatLarge(p.remaining) }) : '';
  const leads = () => t('headline.leads', { leader, margin: margin(round.margin), counted: counted(round) });
  const by = () => p.calledBy ?? t('headline.theDesk');
  switch (p.status) {
    case ProjectionStatus.TooEarly:
      // With reporting units, too few complete units to project: say who leads, not "nothing counted".
      if (round.ballotsCounted > 0 && round.leader) return { text: leads(), detail: t('headline.tooEarlyDetail'), tone: 'counting' };
      return { text: t('headline.noVotes'), detail: '', tone: 'waiting' };
    case ProjectionStatus.TooClose:
      return { text: t('headline.tooClose', { a: leader || name(round.candidates[0]?.id), b: name(round.candidates[1]?.id), counted: counted(round) }), detail: '', tone: 'close' };
    case ProjectionStatus.Decided:
      return {
        text: t('headline.wins', { winner: name(p.winner) }),
        detail: t('headline.decidedDetail', { why: remaining || t('headline.decisive'), progress: formatCounted(round.percentCounted ?? 0, round.final) ?? '' }),
        tone: 'decided',
      };
    case ProjectionStatus.RunoffDecided:
      return pair
        ? { text: t('headline.runoff', { pair }), detail: t('headline.runoffDecidedDetail', { counted: counted(round) }), tone: 'runoff' }
        : { text: t('headline.runoffCertain'), detail: t('headline.runoffCertainDetail', { leader }), tone: 'runoff' };
    case ProjectionStatus.Final:
      if (p.winner) return { text: t('headline.wins', { winner: name(p.winner) }), detail: t(round.round === 2 ? 'headline.finalRunoffDetail' : 'headline.finalDetail'), tone: 'final' };
      if (pair) return { text: t('headline.runoff', { pair }), detail: t('headline.finalFirstRoundDetail'), tone: 'runoff' };
      return { text: t('headline.finalNoWinner'), detail: t('headline.finalNoWinnerDetail'), tone: 'close' };
    case ProjectionStatus.Projected:
      return { text: t('headline.projected', { winner: name(p.winner ?? round.leader) }), detail: t('headline.projectedDetail', { margin: margin(round.margin), counted: counted(round) }), tone: 'counting' };
    case ProjectionStatus.RunoffLikely:
      return { text: pair ? t('headline.runoffLikely', { pair }) : t('headline.runoffLikelyAny'), detail: t('headline.leadsDetail', { leader, counted: counted(round) }), tone: 'runoff' };
    case ProjectionStatus.Called: {
      const calledBy = t('headline.calledBy', { by: by() });
      const why = joined(p.winnerNotLeading ? t('headline.stillLeads', { leader }) : '', p.note ?? '');
      const detail = why || t('headline.calledDetail', { counted: counted(round) });
      if (pair && !p.winner) return { text: t('headline.runoffCalled', { pair, by: calledBy }), detail, tone: 'runoff' };
      return { text: t('headline.winsCalled', { winner: name(p.winner ?? round.leader), by: calledBy }), detail, tone: 'decided' };
    }
    case ProjectionStatus.Uncalled:
      return {
        text: round.leader
          ? t('headline.retractedLeads', { leader, margin: margin(round.margin), counted: counted(round) })
          : t('headline.retractedClose', { counted: counted(round) }),
        detail: joined(t('headline.retractedBy', { by: by() }), p.note ?? ''),
        tone: round.leader ? 'counting' : 'close',
      };
    case ProjectionStatus.Certified: {
      const certified = (detail: string) => (p.calledBy ? t('headline.certifiedBy', { detail, by: p.calledBy }) : detail);
      if (pair && !p.winner) return { text: t('headline.runoff', { pair }), detail: certified(t('headline.certifiedFirstRoundDetail')), tone: 'runoff' };
      return { text: t('headline.wins', { winner: name(p.winner ?? round.leader) }), detail: certified(t('headline.certifiedDetail')), tone: 'final' };
    }
    default:
      if (!round.leader) return { text: t('headline.closeCounted', { counted: counted(round) }), detail: '', tone: 'close' };
      return { text: leads(), detail: remaining ? t('headline.stillOpen', { remaining }) : '', tone: 'counting' };
  }
}

/** The election in one line: the latest round's headline, or "No results yet". */
export function electionHeadline(snapshot: Snapshot): Headline {
  const latest = snapshot.rounds.at(-1);
  if (!latest) return { text: t('headline.noResults'), detail: '', tone: 'waiting' };
  return roundHeadline(snapshot, latest);
}

/** The round's title on pages: "Runoff" for round 2 under a majority rule. */
export function roundTitle(snapshot: Snapshot, round: number): string {
  if (round === 2 && snapshot.rule.kind === 'majority') return t('round.runoff');
  return t(snapshot.rounds.length > 1 || round > 1 ? 'round.first' : 'round.results');
}

/** The election's name in the page's language (`names`, else `name`). */
export const electionName = (snapshot: Pick<Snapshot, 'name'> & { names?: Readonly<Record<string, string>> }): string => nameFor(snapshot);
