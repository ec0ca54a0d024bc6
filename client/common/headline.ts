import { ProjectionStatus } from '../../shared/codes/projection-status.ts';
import type { RoundSnapshot, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { formatCount, formatCounted, formatLarge } from './format.ts';

/** How a headline should look: the pages colour and weight it by tone. */
export type Tone = 'waiting' | 'counting' | 'close' | 'decided' | 'runoff' | 'final';

export interface Headline {
  /** The outcome in plain words: "Hassan Rouhani leads by 4.5 million with 62% counted". */
  text: string;
  /** A second line with the why, or empty. */
  detail: string;
  tone: Tone;
}

function nameOf(snapshot: Snapshot, id: string | undefined | null): string {
  return snapshot.candidates.find((c) => c.id === id)?.name ?? id ?? '';
}

function counted(round: RoundSnapshot): string {
  if (round.final) return 'with the count complete';
  const progress = formatCounted(round.percentCounted, false);
  return progress === null ? `with ${formatCount(round.ballotsCounted)} ballots counted` : `with ${progress} counted`;
}

function margin(votes: number): string {
  return votes >= 1_000_000 ? formatLarge(votes) : `${formatCount(votes)} ${votes === 1 ? 'vote' : 'votes'}`;
}

/** The runner-up's name, for "tied" headlines. */
const second = (snapshot: Snapshot, round: RoundSnapshot) => nameOf(snapshot, round.candidates[1]?.id);

/**
 * One round's state in words, from the projection the server published, desk calls included ("Hassan
 * Rouhani wins (called by AP)"). Statuses added later fall back to who leads, so a page never shows nothing.
 */
export function roundHeadline(snapshot: Snapshot, round: RoundSnapshot): Headline {
  const p = round.projection;
  const leader = nameOf(snapshot, round.leader ?? round.candidates[0]?.id);
  const runoffPair = p.runoff ? `${nameOf(snapshot, p.runoff[0])} vs ${nameOf(snapshot, p.runoff[1])}` : null;
  const remaining = p.remaining !== undefined ? `${formatLarge(p.remaining)} ballots at most are left to count` : '';
  switch (p.status) {
    case ProjectionStatus.TooEarly:
      // With reporting units, too few complete units to project: say who leads, not "nothing counted".
      if (round.ballotsCounted > 0 && round.leader) return { text: `${leader} leads by ${margin(round.margin)} ${counted(round)}`, detail: 'Too early to project: too few units have finished counting', tone: 'counting' };
      return { text: 'No votes counted yet', detail: '', tone: 'waiting' };
    case ProjectionStatus.TooClose:
      return { text: `Too close to call: ${leader || nameOf(snapshot, round.candidates[0]?.id)} and ${second(snapshot, round)} are level ${counted(round)}`, detail: '', tone: 'close' };
    case ProjectionStatus.Decided:
      return { text: `${nameOf(snapshot, p.winner)} wins`, detail: `Cannot be overtaken: ${remaining || 'the count is decisive'} (${formatCounted(round.percentCounted ?? 0, round.final)} counted)`, tone: 'decided' };
    case ProjectionStatus.RunoffDecided:
      return runoffPair
        ? { text: `Runoff: ${runoffPair}`, detail: `Nobody can pass the threshold any more ${counted(round)}`, tone: 'runoff' }
        : { text: 'A runoff is certain', detail: `Nobody can pass the threshold any more; the pair is not settled yet (${leader} leads)`, tone: 'runoff' };
    case ProjectionStatus.Final:
      if (p.winner) return { text: `${nameOf(snapshot, p.winner)} wins`, detail: round.round === 2 ? 'Final result of the runoff' : 'Final result', tone: 'final' };
      if (runoffPair) return { text: `Runoff: ${runoffPair}`, detail: 'Final result of the first round: nobody passed the threshold', tone: 'runoff' };
      return { text: 'Final count: no winner', detail: 'The top candidates are tied, or nothing was counted', tone: 'close' };
    case ProjectionStatus.Projected:
      return { text: `${nameOf(snapshot, p.winner ?? round.leader)} projected to win`, detail: `Leads by ${margin(round.margin)} ${counted(round)}`, tone: 'counting' };
    case ProjectionStatus.RunoffLikely:
      return { text: runoffPair ? `Runoff likely: ${runoffPair}` : 'A runoff is likely', detail: `${leader} leads ${counted(round)}`, tone: 'runoff' };
    case ProjectionStatus.Called: {
      const by = `called by ${p.calledBy ?? 'the decision desk'}`;
      const why = [p.winnerNotLeading ? `${leader} still leads the count` : '', p.note ?? ''].filter(Boolean).join('. ');
      if (runoffPair && !p.winner) return { text: `Runoff: ${runoffPair} (${by})`, detail: why || `Called ${counted(round)}`, tone: 'runoff' };
      return { text: `${nameOf(snapshot, p.winner ?? round.leader)} wins (${by})`, detail: why || `Called ${counted(round)}`, tone: 'decided' };
    }
    case ProjectionStatus.Uncalled:
      return {
        text: round.leader ? `Call retracted: ${leader} leads by ${margin(round.margin)} ${counted(round)}` : `Call retracted: too close to call ${counted(round)}`,
        detail: [`Retracted by ${p.calledBy ?? 'the decision desk'}`, p.note ?? ''].filter(Boolean).join('. '),
        tone: round.leader ? 'counting' : 'close',
      };
    case ProjectionStatus.Certified:
      if (runoffPair && !p.winner) return { text: `Runoff: ${runoffPair}`, detail: `Certified result of the first round${p.calledBy ? ` (${p.calledBy})` : ''}`, tone: 'runoff' };
      return { text: `${nameOf(snapshot, p.winner ?? round.leader)} wins`, detail: `Certified result${p.calledBy ? ` (${p.calledBy})` : ''}`, tone: 'final' };
    default:
      if (!round.leader) return { text: `Too close to call ${counted(round)}`, detail: '', tone: 'close' };
      return { text: `${leader} leads by ${margin(round.margin)} ${counted(round)}`, detail: remaining ? `Still open: ${remaining}` : '', tone: 'counting' };
  }
}

/** The election in one line: the latest round's headline, or "No results yet". */
export function electionHeadline(snapshot: Snapshot): Headline {
  const latest = snapshot.rounds.at(-1);
  if (!latest) return { text: 'No results yet', detail: '', tone: 'waiting' };
  return roundHeadline(snapshot, latest);
}

/** The round's title on pages: "Runoff" for round 2 under a majority rule. */
export function roundTitle(snapshot: Snapshot, round: number): string {
  if (round === 2 && snapshot.rule.kind === 'majority') return 'Runoff';
  return snapshot.rounds.length > 1 || round > 1 ? 'First round' : 'Results';
}
