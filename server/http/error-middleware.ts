import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ErrorCode } from '../../shared/codes/error-codes.ts';
import { AppError, errorBody, OutcomeUnknownError, StoreUnavailableError } from '../errors/app-error.ts';
import { fromBodyParser } from './body-errors.ts';

/** The one place errors become answers: `{ error: { code, message, issues? } }`. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const code = answerError(logger, fromBodyParser(error) ?? error, req.method, req.originalUrl, res);
    // For the metrics, which count refusals by code.
    if (code !== null) res.locals.errorCode = code;
  };
}

/**
 * Writes `error` as `{ error: { code, message, issues?, retryAfterMs? } }` with its status (and
 * `Retry-After`), logging server-side failures; the code answered, or null if the answer had started.
 * Used by the error middleware and by the bulletin fast path, which answer alike.
 */
export function answerError(logger: Logger, error: unknown, method: string | undefined, url: string | undefined, res: ServerResponse): string | null {
  const { status, body } = errorBody(error);
  if (status >= 500) {
    const log = error instanceof StoreUnavailableError || error instanceof OutcomeUnknownError ? logger.warn.bind(logger) : logger.error.bind(logger);
    log({ err: error instanceof AppError && error.cause ? error.cause : error, method, url }, body.message);
  }
  if (res.headersSent) return null;
  if (body.retryAfterMs !== undefined) res.setHeader('retry-after', String(Math.max(1, Math.ceil(body.retryAfterMs / 1000))));
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error: body }));
  return body.code;
}

/** Unknown routes under /api answer in the same error shape. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError(ErrorCode.NotFound, `no route ${req.method} ${req.baseUrl}${req.path}`));
};
