import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, errorBody, StoreUnavailableError } from '../errors/app-error.ts';

/** 413 for a body over `limit` bytes. */
export function payloadTooLarge(limit: number | null): AppError {
  return new AppError('payload_too_large', `the body is larger than ${limit !== null ? `${Math.round(limit / 1024)} KB` : 'the limit'}`);
}

/** body-parser's errors carry a `type`; map the ones a client can cause to our codes. */
function fromBodyParser(error: unknown): AppError | null {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return new AppError('invalid_json', 'the body is not valid JSON');
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: unknown }).limit;
    return payloadTooLarge(typeof limit === 'number' ? limit : null);
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError('unsupported_media_type', 'send the body as UTF-8 JSON');
  }
  if (type === 'request.aborted' || type === 'request.size.invalid') return new AppError('invalid_json', 'the body was cut short');
  // Anything else express or the router rejects with a 4xx (a URL that does not decode, say) is the
  // client's mistake: answer it in our shape rather than as an unknown 500.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500 && !(error instanceof AppError)) {
    return new AppError('bad_request', 'the request is malformed (check the URL encoding and headers)');
  }
  return null;
}

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
    const log = error instanceof StoreUnavailableError ? logger.warn.bind(logger) : logger.error.bind(logger);
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
  next(new AppError('not_found', `no route ${req.method} ${req.baseUrl}${req.path}`));
};
