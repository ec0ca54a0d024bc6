import { z } from 'zod';
import { ErrorCode } from '../codes/error-codes.ts';
import { BulletinSchema } from './bulletin.schema.ts';
import { CallRecordSchema } from './call.schema.ts';
import { CompactDeltaSchema } from './compact-delta.schema.ts';
import { DeltaSchema } from './snapshot.schema.ts';

export const FieldIssueSchema = z.object({ path: z.string(), message: z.string() });

/** Every error answer: `{ error: { code, message, issues? } }`. */
export const ErrorResponseSchema = z.object({
  error: z.object({
    code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    issues: z.array(FieldIssueSchema).optional(),
    /** With `rate_limited`: milliseconds to wait before trying again. */
    retryAfterMs: z.int().min(0).optional(),
    /** With `history_gone`: the snapshot's URL (path) to read instead. */
    snapshot: z.string().optional(),
  }),
});

/** 201 to `POST .../bulletins`. */
export const BulletinAcceptedSchema = z.object({
  version: z.int(),
  delta: DeltaSchema,
  warnings: z.array(z.string()),
});
export type BulletinAccepted = z.infer<typeof BulletinAcceptedSchema>;

/** 200 to `POST .../bulletins` when the same id and body were already accepted. */
export const BulletinDuplicateSchema = z.object({
  version: z.int(),
  duplicate: z.literal(true),
});
export type BulletinDuplicate = z.infer<typeof BulletinDuplicateSchema>;

/** One accepted bulletin as the history keeps it. */
export const BulletinRecordSchema = z.object({
  version: z.int(),
  /** When the server accepted it (ISO time). */
  receivedAt: z.string(),
  /** The label of the token that posted it. */
  by: z.string(),
  bulletin: BulletinSchema.extend({ id: z.string() }),
  warnings: z.array(z.string()),
});
export type BulletinRecord = z.infer<typeof BulletinRecordSchema>;

/** `GET .../bulletins?since=N`. */
export const BulletinListSchema = z.object({
  electionId: z.string(),
  /** The election's current version. */
  version: z.int(),
  bulletins: z.array(BulletinRecordSchema),
  /** The desk calls and retractions in the same range of versions, in order. */
  calls: z.array(CallRecordSchema),
  /** True when more records follow: ask again with `since=nextSince`. */
  hasMore: z.boolean(),
  /** The last version this page covered (history also holds definition changes, which are not listed here). */
  nextSince: z.int(),
});
export type BulletinList = z.infer<typeof BulletinListSchema>;

/** The query of `GET .../bulletins`. */
export const BulletinListQuerySchema = z.object({
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** `?format=` of `GET .../bulletins`: `json` pages (the default), `ndjson` the whole night (the export). */
export const BulletinFormatQuerySchema = z.object({ format: z.enum(['json', 'ndjson']).default('json') });

/** 201 to `POST .../calls`: the version it made, the call as recorded, and the delta pushed to subscribers. */
export const CallAcceptedSchema = z.object({
  version: z.int(),
  call: CallRecordSchema,
  delta: DeltaSchema,
});
export type CallAccepted = z.infer<typeof CallAcceptedSchema>;

/** 200 to `POST .../calls` when the same call already stands: nothing changed. */
export const CallUnchangedSchema = z.object({
  version: z.int(),
  duplicate: z.literal(true),
});
export type CallUnchanged = z.infer<typeof CallUnchangedSchema>;

/** The query of `GET .../deltas`: the version the poller holds, and its epoch. */
export const DeltaListQuerySchema = z.object({
  since: z
    .string({ error: 'must be the version you hold (a whole number, 0 or more)' })
    .regex(/^\d{1,15}$/, { error: 'must be the version you hold (a whole number, 0 or more)' })
    .transform(Number),
  /** The epoch of the version held: deltas of another epoch never apply to it. */
  epoch: z.string().min(1).max(64).optional(),
});

/**
 * `GET .../deltas?since=V`: every change after V, in order, each in the socket's wire form (compact when
 * it can be: `CompactDeltaSchema`), so a poller applies them exactly as a subscriber does.
 */
export const DeltaListSchema = z.object({
  electionId: z.string(),
  epoch: z.string(),
  /** The election's version: the last delta's, or `since` when nothing changed. */
  version: z.int(),
  deltas: z.array(z.union([CompactDeltaSchema, DeltaSchema])),
});
export type DeltaList = z.infer<typeof DeltaListSchema>;
