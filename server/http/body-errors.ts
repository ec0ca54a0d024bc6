import { ErrorCode } from '../../shared/codes/error-codes.ts';
import { AppError } from '../errors/app-error.ts';

/**
 * The answers to a body that cannot be read, in one place: express's body-parser and the bulletin fast
 * path's own reader say the same thing, so a client cannot tell which read its body.
 */
export const BodyError = {
  /** 400: the body does not parse as JSON. */
  notJson: () => new AppError(ErrorCode.InvalidJson, 'the body is not valid JSON'),
  /** 400: the body ended before its declared length (the client went away, or lied). */
  cutShort: () => new AppError(ErrorCode.InvalidJson, 'the body was cut short'),
  /** 413: a body over `limit` bytes (null: a limit not known). */
  tooLarge: (limit: number | null) => new AppError(ErrorCode.PayloadTooLarge, `the body is larger than ${limit !== null ? `${Math.round(limit / 1024)} KB` : 'the limit'}`),
  /** 415: a body in another charset or content encoding. */
  notUtf8: () => new AppError(ErrorCode.UnsupportedMediaType, 'send the body as UTF-8 JSON'),
  /** 415: a body not declared as JSON. */
  notDeclaredJson: () => new AppError(ErrorCode.UnsupportedMediaType, 'send the body as JSON with "Content-Type: application/json"'),
};

/** body-parser's errors carry a `type`; map the ones a client can cause to our codes. */
export function fromBodyParser(error: unknown): AppError | null {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return BodyError.notJson();
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: unknown }).limit;
    return BodyError.tooLarge(typeof limit === 'number' ? limit : null);
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return BodyError.notUtf8();
  if (type === 'request.aborted' || type === 'request.size.invalid') return BodyError.cutShort();
  // Anything else express or the router rejects with a 4xx (a URL that does not decode, say) is the
  // client's mistake: answer it in our shape rather than as an unknown 500.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500 && !(error instanceof AppError)) {
    return new AppError(ErrorCode.BadRequest, 'the request is malformed (check the URL encoding and headers)');
  }
  return null;
}
