import { ProjectionStatus } from '../../shared/codes/projection-status.ts';
import type { RoundSnapshot, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { formatCount, formatCounted, formatPercent } from '../common/format.ts';
import { candidateName, electionName, roundHeadline, roundTitle } from '../common/headline.ts';
import { t } from '../common/i18n.ts';
import type { GraphicsParams } from './params.ts';

export interface GraphicsCandidate {
  id: string;
  name: string;
  party: string;
  color: string;
  votes: string;
  share: string;
  /** 0-1, for the bar. */
  fraction: number;
  winner: boolean;
}

/** What every layout draws: already worded and formatted, so layouts only place text. */
export interface GraphicsView {
  title: string;
  round: string;
  headline: string;
  /** "Called" or "Certified" when the desk said so (a badge on every layout); empty otherwise. */
  badge: string;
  progress: string;
  final: boolean;
  candidates: GraphicsCandidate[];
}

const FALLBACK_COLORS = ['#4f7cff', '#f5a524', '#17c964', '#f31260', '#9353d3', '#06b7db', '#ff7a45', '#7e8aa0'];

function pickRound(snapshot: Snapshot, wanted: number | null): RoundSnapshot | undefined {
  if (wanted === null) return snapshot.rounds.at(-1);
  return snapshot.rounds.find((r) => r.round === wanted);
}

function shownCandidates(round: RoundSnapshot, params: GraphicsParams) {
  const wanted = params.candidates ? new Set(params.candidates) : null;
  return round.candidates.filter((c) => !wanted || wanted.has(c.id));
}

/** How many pages of `max` candidates the round has for this query (at least one): `next()` steps through them. */
export function pageCount(snapshot: Snapshot, params: GraphicsParams): number {
  const round = pickRound(snapshot, params.round);
  return round ? Math.max(1, Math.ceil(shownCandidates(round, params).length / params.max)) : 1;
}

/**
 * The round and candidates the query asked for (page `page` of them, `max` a page), or null when there
 * is nothing confirmed to show.
 */
export function graphicsView(snapshot: Snapshot, params: GraphicsParams, page = 0): GraphicsView | null {
  const round = pickRound(snapshot, params.round);
  if (!round) return null;
  const palette = new Map(snapshot.candidates.map((c, i) => [c.id, c.color ?? FALLBACK_COLORS[i % FALLBACK_COLORS.length]!]));
  const from = Math.min(page, pageCount(snapshot, params) - 1) * params.max;
  const candidates = shownCandidates(round, params)
    .slice(from, from + params.max)
    .map((c) => ({
      id: c.id,
      name: candidateName(snapshot, c.id) || c.name,
      party: c.party ?? '',
      color: palette.get(c.id) ?? '#7e8aa0',
      votes: formatCount(c.votes),
      share: formatPercent(c.share),
      fraction: c.share / 100,
      // Elected: the one winner, a seat's winner, or a list with seats.
      winner: round.projection.winner === c.id || (round.projection.winners?.includes(c.id) ?? false) || (round.projection.seats?.[c.id] ?? 0) > 0,
    }));
  const counted = round.final ? t('graphics.final') : t('graphics.counted', { progress: formatCounted(round.percentCounted, false) ?? formatCount(round.ballotsCounted) });
  // On air too, shares of all ballots cast are said to be so: they add up to less than 100 %.
  const progress = snapshot.rule.of === 'cast' ? `${counted} · ${t('graphics.shareOfCast')}` : counted;
  return {
    title: electionName(snapshot),
    round: roundTitle(snapshot, round.round),
    headline: roundHeadline(snapshot, round).text,
    badge: round.projection.status === ProjectionStatus.Called ? t('graphics.called') : round.projection.status === ProjectionStatus.Certified ? t('graphics.certified') : '',
    progress,
    final: round.final,
    candidates,
  };
}
