import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, errorBody, StoreUnavailableError } from '../errors/app-error.ts';

/** body-parser's errors carry a `type`; map the ones a client can cause to our codes. */
function fromBodyParser(error: unknown): AppError | null {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return new AppError('invalid_json', 'the body is not valid JSON');
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: unknown }).limit;
    return new AppError('payload_too_large', `the body is larger than ${typeof limit === 'number' ? `${Math.round(limit / 1024)} KB` : 'the limit'}`);
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
    const known = fromBodyParser(error) ?? error;
    const { status, body } = errorBody(known);
    if (status >= 500) {
      const log = known instanceof StoreUnavailableError ? logger.warn.bind(logger) : logger.error.bind(logger);
      log({ err: known instanceof AppError && known.cause ? known.cause : error, method: req.method, url: req.originalUrl }, body.message);
    }
    if (res.headersSent) return;
    // For the metrics, which count refusals by code.
    res.locals.errorCode = body.code;
    if (body.retryAfterMs !== undefined) res.setHeader('retry-after', String(Math.max(1, Math.ceil(body.retryAfterMs / 1000))));
    res.status(status).json({ error: body });
  };
}

/** Unknown routes under /api answer in the same error shape. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `no route ${req.method} ${req.baseUrl}${req.path}`));
};
