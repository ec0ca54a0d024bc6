import type { z } from 'zod';
import { ErrorCode, errorStatus, type ErrorBody, type FieldIssue } from '../../shared/codes/error-codes.ts';
import { zodIssues } from '../../shared/schemas/issues.ts';

/** What an error tells the server's own log beyond its answer; never sent to the client. */
export interface ErrorDetails {
  /** The election's version a refusal was judged against. */
  version?: number;
}

/** The one error type the server answers with: a code from the shared list, and the fields at fault. */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.status = errorStatus[code];
  }

  /** The same error with every issue path under `prefix` (a route parameter, say). */
  withPathPrefix(prefix: string): AppError {
    const issues = (this.issues ?? [{ path: '', message: this.message }]).map((i) => ({ ...i, path: i.path ? `${prefix}.${i.path}` : prefix }));
    return new AppError(this.code, this.message, issues, this.details);
  }

  toBody(): ErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

/** 404 for an election that does not exist (or an id that cannot name one). */
export function noSuchElection(electionId: string): AppError {
  return new AppError(ErrorCode.NotFound, `no election "${electionId}"`);
}

/** The store could not read or commit; nothing was stored (or, after a timeout, maybe it was). */
export class StoreUnavailableError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.StoreUnavailable, message);
    if (options?.cause) this.cause = options.cause;
  }
}

/**
 * A commit was sent but its outcome is not known to be as durable as promised (no reply, a timeout, or
 * fewer replicas than `REDIS_MIN_REPLICAS` within `REDIS_WAIT_MS`). Resending with the same id answers
 * the first outcome: once the commit stands, a duplicate with its version; if it does not, it is applied.
 */
export class OutcomeUnknownError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.OutcomeUnknown, `${message}; resend with the same id (it is applied at most once)`);
    if (options?.cause) this.cause = options.cause;
  }
}

/** Too many requests or events: the answer carries `retryAfterMs` (and HTTP a `Retry-After` header). */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(ErrorCode.RateLimited, message);
  }

  override toBody(): ErrorBody {
    return { ...super.toBody(), retryAfterMs: this.retryAfterMs };
  }
}

/** 410: the deltas since a version cannot be replayed; the answer names the snapshot to read instead. */
export class HistoryGoneError extends AppError {
  constructor(
    message: string,
    readonly snapshot: string,
  ) {
    super(ErrorCode.HistoryGone, message);
  }

  override toBody(): ErrorBody {
    return { ...super.toBody(), snapshot: this.snapshot };
  }
}

/** A schema failure as a `validation_failed` error whose message names the first field at fault. */
export function validationError(error: z.ZodError, what: string): AppError {
  const issues = zodIssues(error);
  const first = issues[0];
  const where = first?.path ? `${first.path}: ` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new AppError(ErrorCode.ValidationFailed, `invalid ${what}: ${where}${first?.message ?? 'does not match the schema'}${more}`, issues);
}

/** Refusals found by the pure checks, as one error: the first problem's code, every problem's field. */
export function refusalError(what: string, problems: ReadonlyArray<{ code: ErrorCode; path: string; message: string }>, details?: ErrorDetails): AppError {
  const [first, ...rest] = problems;
  if (!first) throw new Error('refusalError needs at least one problem');
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
  return new AppError(first.code, `${what} refused: ${first.path}: ${first.message}${more}`, problems.map(({ path, message }) => ({ path, message })), details);
}

/** The body of any error, known or not; unknown errors never leak their message. */
export function errorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) return { status: error.status, body: error.toBody() };
  return { status: 500, body: { code: ErrorCode.Internal, message: 'unexpected server error; it has been logged' } };
}
