import { z } from 'zod';
import { ProjectionStatus } from '../codes/projection-status.ts';
import { CandidateIdSchema, ElectionIdSchema, ElectionModeSchema } from './election.schema.ts';

/** The formats a broadcast feed is served in: the path's extension. */
export const FeedFormat = {
  /** A JSON array of rows at the top level (vMix's JSON data source requires it; Flowics reads it too). */
  Json: 'json',
  /** `<results>` with one `<candidate>` element per row, each field a child element (XPath: `/results/candidate[1]/votes`). */
  Xml: 'xml',
  /** A header line and one line per row, RFC 4180 quoting, CRLF line ends. */
  Csv: 'csv',
} as const;
export type FeedFormat = (typeof FeedFormat)[keyof typeof FeedFormat];
export const FeedFormatSchema = z.enum(Object.values(FeedFormat) as [FeedFormat, ...FeedFormat[]]);

/**
 * One candidate of one round, flat, for graphics systems that poll a file (vMix, Flowics, XPression
 * DataLinq): raw figures for arithmetic beside the same figures written in the election's language
 * (`...Text`). The keys are stable: new ones may be added, none renamed or removed.
 */
export const FeedRowSchema = z.object({
  /** 1 for the most votes; ties keep the definition's order, as on the pages. */
  rank: z.int().min(1),
  id: CandidateIdSchema,
  /** The name in the feed's language (the definition's `names`), else `name`. */
  name: z.string(),
  party: z.string().nullable(),
  /** `#rrggbb`, as the definition gives it. */
  color: z.string().nullable(),
  votes: z.int().min(0),
  /** Share of the candidates' total, percent (0-100, 3 decimals). */
  share: z.number().min(0).max(100),
  /**
   * The change in votes with the round's latest bulletin; null before any, or when that bulletin is
   * further back than the feed looks (more than 128 changes ago).
   */
  votesChange: z.int().nullable(),
  /** The projection (or the desk) names this candidate the winner of the round. */
  elected: z.boolean(),
  /** First in the count (and not tied at the top). */
  leading: z.boolean(),
  /** One of the round's runoff pair, once that pair is known. */
  runoff: z.boolean(),
  votesText: z.string(),
  shareText: z.string(),
  /** The change with its sign, or "" when `votesChange` is null. */
  votesChangeText: z.string(),
  electionId: ElectionIdSchema,
  round: z.int().min(1),
  /** The round's projection status (docs/api.md). */
  status: z.enum(Object.values(ProjectionStatus) as [ProjectionStatus, ...ProjectionStatus[]]),
  percentCounted: z.number().min(0).max(100).nullable(),
  /** As the pages say it: "62%", "> 99%"; "" when unknown. */
  percentCountedText: z.string(),
  final: z.boolean(),
  /** When the election last changed (ISO time). */
  updatedAt: z.string(),
  version: z.int().min(0),
  /** `test` during rehearsals: a graphic should say TEST. */
  mode: ElectionModeSchema,
});
export type FeedRow = z.infer<typeof FeedRowSchema>;

/** The query of a feed: `?lang=` overrides the election's language (`fa-u-nu-latn`: Persian words, Latin digits). */
export const FeedQuerySchema = z.object({
  lang: z.string().max(64).optional(),
  /** A viewer token, for a private election (these tools cannot send headers). */
  access_token: z.string().optional(),
});
