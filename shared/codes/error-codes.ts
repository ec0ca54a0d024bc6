/**
 * Every error code Tallyroom answers with, over HTTP (`{ error: { code } }`) and in socket acks.
 * One list shared by server and client so a page can explain a refusal in words.
 */
export const ErrorCode = {
  /** The request body is not valid JSON. */
  InvalidJson: 'invalid_json',
  /** The body or a parameter does not match the schema; `issues` says where. */
  ValidationFailed: 'validation_failed',
  /** The body is not `application/json`. */
  UnsupportedMediaType: 'unsupported_media_type',
  /** The body is larger than the 64 KB limit. */
  PayloadTooLarge: 'payload_too_large',
  /** No bearer token, or one that is not configured. */
  Unauthorized: 'unauthorized',
  /** The token is valid but not allowed to do this (its role or scope, or a viewer token for another election). */
  Forbidden: 'forbidden',
  /** The viewer token has expired: get a fresh one. */
  TokenExpired: 'token_expired',
  /** The request itself is malformed (bad URL encoding, a broken request line). */
  BadRequest: 'bad_request',
  /** The request headers are larger than the server accepts. */
  HeadersTooLarge: 'headers_too_large',
  /** No such election (or route). */
  NotFound: 'not_found',
  /** A night lists a contest (election id) that does not exist. */
  UnknownContest: 'unknown_contest',
  /** A night lists a private (embargoed) election: a night is read by everyone, so its contests are public. */
  PrivateContest: 'private_contest',
  /** A bulletin names a candidate the election does not have. */
  UnknownCandidate: 'unknown_candidate',
  /** A bulletin names a reporting unit the election does not list (or the election lists none). */
  UnknownUnit: 'unknown_unit',
  /** A round reported by units got a national-only bulletin, or the reverse: one round, one kind. */
  ReportingConflict: 'reporting_conflict',
  /** Figures contradict each other (votes above ballots counted, counted above cast...). */
  InconsistentFigures: 'inconsistent_figures',
  /** A round-2 bulletin before round 1 ended without a winner, or under a plurality rule. */
  RoundNotOpen: 'round_not_open',
  /** A round-2 bulletin carries votes for a candidate who is not in the runoff. */
  NotInRunoff: 'not_in_runoff',
  /** Counts go backwards against the latest accepted bulletin, without `correction: true`. */
  CountsBackwards: 'counts_backwards',
  /** The bulletin was issued before the latest accepted one for its round, without `correction: true`. */
  StaleBulletin: 'stale_bulletin',
  /** The round is final; only a `correction: true` bulletin may change it. */
  RoundFinal: 'round_final',
  /** Round 1 is closed because its runoff has started; corrections may not change the runoff pair. */
  RoundClosed: 'round_closed',
  /** The same bulletin `id` was already accepted with a different body. */
  IdConflict: 'id_conflict',
  /** A replacement definition drops a candidate that already has votes, or changes a rule in use. */
  DefinitionConflict: 'definition_conflict',
  /** A desk call does not fit what stands: another call (retract it first), nothing to retract, a count not final to certify, a round without results, or a call the count already rules out. */
  CallConflict: 'call_conflict',
  /** A desk call that cannot apply to this election: a runoff call under a plurality rule or in round 2. */
  CallNotAllowed: 'call_not_allowed',
  /** Too many requests or events; retry after the time given. */
  RateLimited: 'rate_limited',
  /** The store (Redis) cannot commit or read right now; nothing was stored. */
  StoreUnavailable: 'store_unavailable',
  /**
   * The commit was sent but not confirmed as durable as `DURABILITY` promises (a reply lost, a timeout,
   * too few replicas within `REDIS_WAIT_MS`): it may or may not stand. Resend with the same id.
   */
  OutcomeUnknown: 'outcome_unknown',
  /**
   * The deltas asked for (`GET .../deltas?since=`) cannot be replayed: older than the kept history, of
   * another epoch, or across a redefinition. `snapshot` names the URL to read instead.
   */
  HistoryGone: 'history_gone',
  /** An unexpected failure; details are in the server log, never in the answer. */
  Internal: 'internal_error',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The HTTP status each code answers with. */
export const errorStatus: Readonly<Record<ErrorCode, number>> = {
  invalid_json: 400,
  validation_failed: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  token_expired: 401,
  bad_request: 400,
  headers_too_large: 431,
  not_found: 404,
  unknown_contest: 422,
  private_contest: 422,
  unknown_candidate: 422,
  unknown_unit: 422,
  reporting_conflict: 409,
  inconsistent_figures: 422,
  round_not_open: 422,
  not_in_runoff: 422,
  counts_backwards: 409,
  stale_bulletin: 409,
  round_final: 409,
  round_closed: 409,
  id_conflict: 409,
  definition_conflict: 409,
  call_conflict: 409,
  call_not_allowed: 422,
  rate_limited: 429,
  store_unavailable: 503,
  outcome_unknown: 503,
  history_gone: 410,
  internal_error: 500,
};

/** One offending field: a dotted path (`votes.raisi`) and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The body of every error answer, and the `error` of a failed socket ack. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
  /** With `rate_limited`: how long to wait before trying again (also the `Retry-After` header, in seconds). */
  retryAfterMs?: number;
  /** With `history_gone`: the snapshot's URL (path), to read instead of the deltas. */
  snapshot?: string;
}
