import { z } from 'zod';
import type { ErrorBody } from './codes/error-codes.ts';
import { ErrorResponseSchema } from './schemas/api.schema.ts';
import type { CompactDelta } from './schemas/compact-delta.schema.ts';
import { ElectionIdSchema } from './schemas/election.schema.ts';
import { NightChangeSchema, NightIdSchema, NightSnapshotSchema, type NightChange, type NightSnapshot } from './schemas/night.schema.ts';
import { DeltaSchema, SnapshotSchema, type Delta, type Snapshot } from './schemas/snapshot.schema.ts';

/** `subscribe` payload: the election, and what the client already holds (to catch up without a gap). */
export const SubscribeRequestSchema = z.strictObject({
  electionId: ElectionIdSchema,
  sinceVersion: z.int().min(0).optional(),
  epoch: z.string().max(64).optional(),
  /** A viewer token (JWT) for a private election; the handshake's `auth.token` works too. */
  token: z.string().min(1).max(4096).optional(),
  /** `false`: every delta as it is committed (graphics), instead of at most one per conflation window. */
  conflated: z.boolean().optional(),
});
export type SubscribeRequest = z.infer<typeof SubscribeRequestSchema>;

export const UnsubscribeRequestSchema = z.strictObject({ electionId: ElectionIdSchema });
export type UnsubscribeRequest = z.infer<typeof UnsubscribeRequestSchema>;

/** Every ack: a result, or an error with the same codes as HTTP. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorBody };

/**
 * The subscribe ack. `missed` holds the deltas after `sinceVersion`, in order, when they are all still
 * kept (`recovered: true`); otherwise it is empty and the client takes `snapshot` as it is.
 */
export type SubscribeAck = Ack<{ snapshot: Snapshot; missed: Delta[]; recovered: boolean }>;

/** A failed ack: the same error body as HTTP. */
export const ErrorAckSchema = z.object({ ok: z.literal(false), error: ErrorResponseSchema.shape.error });

/** `SubscribeAck` as a schema, for the documents generated from schemas (docs/api.md, OpenAPI). */
export const SubscribeAckSchema = z.union([
  z.object({ ok: z.literal(true), snapshot: SnapshotSchema, missed: z.array(DeltaSchema), recovered: z.boolean() }),
  ErrorAckSchema,
]);

/** The `audience` event: how many watch an election over every server, sent when it changes noticeably. */
export const AudienceUpdateSchema = z.object({
  electionId: ElectionIdSchema,
  /** Subscribed sockets, summed over every server, as of the last count (every few seconds). */
  audience: z.int().min(0),
});
export type AudienceUpdate = z.infer<typeof AudienceUpdateSchema>;

/**
 * The `status` event: whether this server can reach its store. While `unavailable`, no change can be
 * accepted or pushed, so what a page shows may be stale; on `available` clients catch up.
 */
export const ServerStatusSchema = z.object({ store: z.enum(['available', 'unavailable']) });
export type ServerStatus = z.infer<typeof ServerStatusSchema>;

/** `subscribeNight` payload: the night, and what the client already holds (to catch up without a gap). */
export const NightSubscribeRequestSchema = z.strictObject({
  nightId: NightIdSchema,
  sinceVersion: z.int().min(0).optional(),
  epoch: z.string().max(64).optional(),
});
export type NightSubscribeRequest = z.infer<typeof NightSubscribeRequestSchema>;

export const NightUnsubscribeRequestSchema = z.strictObject({ nightId: NightIdSchema });
export type NightUnsubscribeRequest = z.infer<typeof NightUnsubscribeRequestSchema>;

/**
 * The night subscribe ack: the snapshot, or (`recovered: true`, when `sinceVersion` and `epoch` match
 * what the server holds) only what changed since, as one `NightChange` from `sinceVersion` on.
 */
export type NightSubscribeAck = Ack<{ recovered: false; snapshot: NightSnapshot } | { recovered: true; missed: NightChange }>;

export const NightSubscribeAckSchema = z.union([
  z.object({ ok: z.literal(true), recovered: z.literal(false), snapshot: NightSnapshotSchema }),
  z.object({ ok: z.literal(true), recovered: z.literal(true), missed: NightChangeSchema }),
  ErrorAckSchema,
]);

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (response: SubscribeAck) => void) => void;
  unsubscribe: (request: UnsubscribeRequest, ack?: (response: Ack) => void) => void;
  /** A night room (`night` events); its own event, so each ack keeps its own type. */
  subscribeNight: (request: NightSubscribeRequest, ack: (response: NightSubscribeAck) => void) => void;
  unsubscribeNight: (request: NightUnsubscribeRequest, ack?: (response: Ack) => void) => void;
}

export interface ServerToClientEvents {
  /**
   * One accepted change, to every subscriber of the election, in version order: the full `Delta`, or
   * its compact form (`CompactDelta`, the smaller push; clients expand it with `expandCompactDelta`).
   */
  delta: (delta: Delta | CompactDelta) => void;
  /** A whole new snapshot (the definition changed): replaces what the client holds. */
  snapshot: (snapshot: Snapshot) => void;
  /** The election's audience changed (to every subscriber, every few seconds at most). */
  audience: (update: AudienceUpdate) => void;
  /**
   * What changed in a night since the last `night` event of this server: the changed contest lines,
   * and the summary when it changed; at most one per night per conflation window.
   */
  night: (change: NightChange) => void;
  /** A night redefined (a new epoch): replaces what the client holds. */
  nightSnapshot: (snapshot: NightSnapshot) => void;
  /** The server lost or regained its store (to every socket of that server, and on connect while it is down). */
  status: (status: ServerStatus) => void;
}
