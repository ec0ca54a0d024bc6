import { z } from 'zod';
import { ProjectionStatus } from '../codes/projection-status.ts';
import { CandidateIdSchema, ElectionIdSchema, ElectionModeSchema, LocalNamesSchema } from './election.schema.ts';

/**
 * Most contests one night may hold: 2,000. Iran's Majlis has 208 constituencies, the UK's Commons 650,
 * India's Lok Sabha 543; a night with every city council of a province stays under it. A night's
 * definition that size is about 140 KB of JSON (under the definition route's 1 MB), and its snapshot
 * (one line per contest, about 400 bytes each) about 800 KB, still one read.
 */
export const MAX_NIGHT_CONTESTS = 2000;

/** Most key contests a night puts first: a headline list, not a second copy of the night. */
export const MAX_KEY_CONTESTS = 100;

/** Most regions a night groups its contests in (provinces, states, counties). */
export const MAX_NIGHT_REGIONS = 500;

/** `nightId` in URLs, room names and keys: the same shape as an election id. */
export const NightIdSchema = ElectionIdSchema;

/** A region's id: short, no dots (it is a key of `regions`). */
export const RegionIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
  error: 'must be 1-64 characters of a-z, 0-9, "_" and "-", starting with a letter or digit',
});

export const NightRegionSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  names: LocalNamesSchema(100).optional(),
  /** The contests of the night in this region; a contest is in one region of a night at most. */
  contests: z.array(ElectionIdSchema).min(1).max(MAX_NIGHT_CONTESTS),
});

/** Issues of a list of ids: each one given twice, and (with `known`) each one outside it. */
function checkIds(ctx: z.RefinementCtx, ids: readonly string[], path: (string | number)[], known?: ReadonlySet<string>): void {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [...path, index], message: `"${id}" is listed twice` });
    else if (known && !known.has(id)) ctx.addIssue({ code: 'custom', path: [...path, index], message: `"${id}" is not one of the night's contests` });
    seen.add(id);
  });
}

/** The body of `PUT /api/nights/:nightId`. */
export const NightDefinitionSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    names: LocalNamesSchema(200).optional(),
    /** The night's elections (contests), in the order the night lists them; each must exist. */
    contests: z.array(ElectionIdSchema).min(1).max(MAX_NIGHT_CONTESTS, { error: `at most ${MAX_NIGHT_CONTESTS} contests a night` }),
    /** Seats needed for control; absent: more than half of the night's seats. */
    majority: z.int().positive().max(100_000).optional(),
    /** The contests a night's pages put first, in this order; each one of `contests`. */
    keyContests: z.array(ElectionIdSchema).max(MAX_KEY_CONTESTS).optional(),
    /**
     * The party that held each single-seat contest before (`{ "<electionId>": "<party>" }`), for gains
     * and losses; contests left out count no gain.
     */
    previous: z.record(ElectionIdSchema, z.string().trim().min(1).max(100)).optional(),
    /** Regions by id, each with the contests in it. */
    regions: z
      .record(RegionIdSchema, NightRegionSchema)
      .refine((r) => Object.keys(r).length <= MAX_NIGHT_REGIONS, { error: `at most ${MAX_NIGHT_REGIONS} regions` })
      .optional(),
  })
  .superRefine((night, ctx) => {
    checkIds(ctx, night.contests, ['contests']);
    const contests = new Set(night.contests);
    if (night.keyContests) checkIds(ctx, night.keyContests, ['keyContests'], contests);
    for (const id of Object.keys(night.previous ?? {})) {
      if (!contests.has(id)) ctx.addIssue({ code: 'custom', path: ['previous', id], message: `"${id}" is not one of the night's contests` });
    }
    const regionOf = new Map<string, string>();
    for (const [regionId, region] of Object.entries(night.regions ?? {})) {
      checkIds(ctx, region.contests, ['regions', regionId, 'contests'], contests);
      region.contests.forEach((id, index) => {
        const other = regionOf.get(id);
        if (other !== undefined && other !== regionId) ctx.addIssue({ code: 'custom', path: ['regions', regionId, 'contests', index], message: `"${id}" is already in region "${other}"` });
        else regionOf.set(id, regionId);
      });
    }
  });
export type NightDefinition = z.infer<typeof NightDefinitionSchema>;

const Percent = z.number().min(0).max(100);

/** Where a contest stands on the night. */
export const ContestStatus = {
  /** No bulletin yet. */
  NotStarted: 'not-started',
  /** Figures in, no winner known yet (a runoff still to come counts here). */
  Counting: 'counting',
  /** Every seat has its winner: by arithmetic, a desk call, the final count or certification. */
  Decided: 'decided',
} as const;
export type ContestStatus = (typeof ContestStatus)[keyof typeof ContestStatus];

const ProjectionStatusSchema = z.enum(Object.values(ProjectionStatus) as [ProjectionStatus, ...ProjectionStatus[]]);

/** A candidate (or list) holding seats in a contest: won when the contest is decided, leading otherwise. */
export const SeatHolderSchema = z.object({
  id: CandidateIdSchema,
  name: z.string(),
  /** The party the seats count for; null: no party given (counted with the independents). */
  party: z.string().nullable(),
  color: z.string().optional(),
  seats: z.int().min(1),
});
export type SeatHolder = z.infer<typeof SeatHolderSchema>;

/**
 * One contest as a night shows it: enough to list it, colour it and count its seats, without its
 * snapshot. Built from the election alone (`shared/nights/contest-line.ts`), so every night holding it
 * shares it; the night adds the region.
 */
export const ContestLineSchema = z.object({
  electionId: ElectionIdSchema,
  name: z.string(),
  names: z.record(z.string(), z.string()).optional(),
  mode: ElectionModeSchema,
  /** Seats the contest fills (1 for a single-seat race). */
  seats: z.int().min(1),
  status: z.enum([ContestStatus.NotStarted, ContestStatus.Counting, ContestStatus.Decided]),
  /** The latest round's projection status (desk calls included); null before the first bulletin. */
  projectionStatus: ProjectionStatusSchema.nullable(),
  /** The latest round with figures; null before the first bulletin. */
  round: z.int().min(1).nullable(),
  /**
   * Who has won seats: every seat once `decided`; while counting, those elected already (a multi-seat
   * contest's certain winners, a list's seats no later bulletin can take away).
   */
  winners: z.array(SeatHolderSchema),
  /** Who holds the seats still open on the count so far (status `counting`), else empty. */
  leading: z.array(SeatHolderSchema),
  /** The top candidate of the latest round, with votes and share; null before any vote. */
  leader: z.object({ id: CandidateIdSchema, name: z.string(), party: z.string().nullable(), votes: z.int().min(0), share: Percent }).nullable(),
  percentCounted: Percent.nullable(),
  ballotsCounted: z.int().min(0),
  /** Ballots cast as the turnout counts them: announced, or the count once final; null while unknown. */
  ballotsCast: z.int().min(0).nullable(),
  eligibleVoters: z.int().positive().nullable(),
  turnout: Percent.nullable(),
  epoch: z.string(),
  version: z.int().min(0),
  updatedAt: z.string(),
});
export type ContestLine = z.infer<typeof ContestLineSchema>;

/** A contest line in a night: the line, and the night's region for it. */
export const NightContestSchema = ContestLineSchema.extend({
  /** The night's region holding the contest, or null. */
  region: RegionIdSchema.nullable(),
  /** The party that held the seat before (the night's `previous`), or null. */
  previous: z.string().nullable(),
});
export type NightContest = z.infer<typeof NightContestSchema>;

export const PartySeatsSchema = z.object({
  /** Null: candidates without a party, together. */
  party: z.string().nullable(),
  /** The colour of the party's first candidate that gives one. */
  color: z.string().nullable(),
  won: z.int().min(0),
  leading: z.int().min(0),
  /** Seats won from another party (or the independents) that held them before (the night's `previous`). */
  gains: z.int().min(0),
  /** Seats it held before that another won. */
  losses: z.int().min(0),
});
export type PartySeats = z.infer<typeof PartySeatsSchema>;

/** The national summary of a night (`shared/nights/night-summary.ts`). */
export const NightSummarySchema = z.object({
  seats: z.object({
    total: z.int().min(0),
    /** Seats with a winner (in decided contests, and those already certain in contests counting). */
    won: z.int().min(0),
    /** The other seats of contests counting (each held by whoever leads for it). */
    leading: z.int().min(0),
    /** Seats of contests with no figures yet. */
    notStarted: z.int().min(0),
  }),
  majority: z.object({
    /** Seats needed for control: the night's `majority`, else more than half of `seats.total`. */
    needed: z.int().min(0),
    /** Whether the night gave it (else it is computed). */
    given: z.boolean(),
    /** The party whose won seats reach `needed`, else null. */
    reachedBy: z.string().nullable(),
  }),
  /** Most won first, then most leading, then by name; parties without seats, gains or losses are left out. */
  parties: z.array(PartySeatsSchema),
  contests: z.object({ total: z.int().min(0), decided: z.int().min(0), counting: z.int().min(0), notStarted: z.int().min(0) }),
  /** Over the contests that know both figures: ballots cast over eligible voters. */
  turnout: z.object({ ballotsCast: z.int().min(0), eligibleVoters: z.int().min(0), percent: Percent.nullable(), contests: z.int().min(0) }),
});
export type NightSummary = z.infer<typeof NightSummarySchema>;

export const NightRegionLineSchema = z.object({ id: RegionIdSchema, name: z.string(), names: z.record(z.string(), z.string()).optional() });

/** `GET /api/nights/:nightId`, and the `snapshot` of a night subscribe ack. */
export const NightSnapshotSchema = z.object({
  nightId: NightIdSchema,
  name: z.string(),
  names: z.record(z.string(), z.string()).optional(),
  /** Changes when the night is redefined; versions only compare within one epoch. */
  epoch: z.string(),
  /** Goes up by one with every change of a contest line (or of the definition). */
  version: z.int().min(0),
  updatedAt: z.string(),
  majority: z.int().positive().nullable(),
  keyContests: z.array(ElectionIdSchema),
  regions: z.array(NightRegionLineSchema),
  /** One line per contest, in the definition's order. */
  contests: z.array(NightContestSchema),
  summary: NightSummarySchema,
});
export type NightSnapshot = z.infer<typeof NightSnapshotSchema>;

/** One row of `GET /api/nights`. */
export const NightListItemSchema = z.object({
  nightId: NightIdSchema,
  name: z.string(),
  names: z.record(z.string(), z.string()).optional(),
  contests: z.int().min(1),
  version: z.int().min(0),
  updatedAt: z.string(),
});
export type NightListItem = z.infer<typeof NightListItemSchema>;

/**
 * The socket `night` event: the lines changed after `prevVersion`, up to `version`, each in full with
 * its region, and the summary at `version` when it differs from the one at `prevVersion`. Applied to a
 * night snapshot held at any version from `prevVersion` to `version` (`applyNightChange`), it gives the
 * night at `version`.
 */
export const NightChangeSchema = z.object({
  nightId: NightIdSchema,
  epoch: z.string(),
  prevVersion: z.int().min(0),
  version: z.int().min(1),
  updatedAt: z.string(),
  contests: z.array(NightContestSchema),
  summary: NightSummarySchema.optional(),
});
export type NightChange = z.infer<typeof NightChangeSchema>;
