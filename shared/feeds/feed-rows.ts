/**
 * The broadcast feeds' rows (`GET /feeds/:electionId.json|.xml|.csv`): one flat row per candidate
 * of one round, built from the snapshot the pages get, written in the feed's language. Pure: the
 * route adds the IO (the store, the latest bulletin's changes) and the encoding.
 */
import { ProjectionStatus } from '../codes/projection-status.ts';
import { figureWriters } from '../format/figures.ts';
import { formatProgress } from '../format/progress.ts';
import { localName, supportedLocale, type Language } from '../i18n/locale.ts';
import type { FeedRow } from '../schemas/feed.schema.ts';
import type { Projection, RoundSnapshot, Snapshot } from '../schemas/snapshot.schema.ts';

/** The statuses under which the projection's `winner` has won, not just leads. */
const WON: ReadonlySet<string> = new Set([ProjectionStatus.Decided, ProjectionStatus.Final, ProjectionStatus.Called, ProjectionStatus.Certified]);

export interface FeedLocale {
  language: Language;
  /** The tag figures are written in (`fa-IR`, `fa-IR-u-nu-latn`, `en`). */
  locale: string;
}

/**
 * The feed's language: `?lang=` when it names one we speak, else the election's `language`, else
 * English. Never the requester's languages: the playout machine polling the feed is not the audience.
 */
export function feedLocale(lang: string | undefined, snapshot: Pick<Snapshot, 'language'>): FeedLocale {
  return supportedLocale(lang) ?? supportedLocale(snapshot.language) ?? { language: 'en', locale: 'en' };
}

export interface FeedRowsInput {
  snapshot: Snapshot;
  /** The round (1-based); the latest round with figures when absent. */
  round?: number | undefined;
  locale: FeedLocale;
  /** Each candidate's change in votes with the round's latest bulletin, when known. */
  votesChange?: Readonly<Record<string, number>> | null;
}

/** The round a feed shows: the one asked for (null if it has no figures yet), else the latest one. */
export function feedRound(snapshot: Snapshot, round: number | undefined): RoundSnapshot | null {
  if (round === undefined) return snapshot.rounds.at(-1) ?? null;
  return snapshot.rounds.find((r) => r.round === round) ?? null;
}

/** A round nothing was counted in yet: every candidate at zero, in the definition's order. */
function emptyRound(snapshot: Snapshot, round: number): RoundSnapshot {
  return {
    round,
    ballotsCounted: 0,
    ballotsCast: null,
    eligibleVoters: snapshot.eligibleVoters,
    percentCounted: null,
    turnout: null,
    invalid: 0,
    invalidShare: null,
    approximate: false,
    final: false,
    source: null,
    issuedAt: null,
    candidates: snapshot.candidates.map(({ id, name, party, color }) => ({ id, name, ...(party ? { party } : {}), ...(color ? { color } : {}), votes: 0, share: 0 })),
    leader: null,
    margin: 0,
    projection: { status: ProjectionStatus.TooEarly },
    settled: null,
  };
}

const wonBy = (projection: Projection, id: string): boolean => WON.has(projection.status) && projection.winner === id;

/**
 * One row per candidate of the round, most votes first. Before the first bulletin (no round asked
 * for, or round 1) every candidate is listed at zero, so a template can be laid out before the night.
 */
export function feedRows({ snapshot, round, locale, votesChange = null }: FeedRowsInput): FeedRow[] {
  const shown = feedRound(snapshot, round) ?? ((round ?? 1) === 1 ? emptyRound(snapshot, 1) : null);
  if (!shown) return [];
  const write = figureWriters(locale.locale);
  const names = new Map(snapshot.candidates.map((c) => [c.id, c.names]));
  const counted = formatProgress(shown.percentCounted, shown.final, locale.locale) ?? '';
  const { projection } = shown;
  return shown.candidates.map((c, i) => {
    const change = votesChange?.[c.id] ?? null;
    return {
      rank: i + 1,
      id: c.id,
      name: localName(c.name, names.get(c.id), locale),
      party: c.party ?? null,
      color: c.color ?? null,
      votes: c.votes,
      share: c.share,
      votesChange: change,
      elected: wonBy(projection, c.id),
      leading: shown.leader === c.id,
      runoff: projection.runoff?.includes(c.id) ?? false,
      votesText: write.count(c.votes),
      shareText: write.percent(c.share),
      votesChangeText: change === null ? '' : write.change(change),
      electionId: snapshot.electionId,
      round: shown.round,
      status: projection.status,
      percentCounted: shown.percentCounted,
      percentCountedText: counted,
      final: shown.final,
      updatedAt: snapshot.updatedAt,
      version: snapshot.version,
      mode: snapshot.mode,
    };
  });
}
