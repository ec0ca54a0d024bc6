import { type ErrorBody, ErrorCode } from '../../shared/codes/error-codes.ts';
import { t, type MessageKey } from '../common/i18n.ts';

/**
 * The refusals with words a newsroom can act on (`console.error.<code>` in the catalogs). Partial on
 * purpose: a code added later still shows the server's own message.
 */
const EXPLAINED: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.InvalidJson,
  ErrorCode.ValidationFailed,
  ErrorCode.UnsupportedMediaType,
  ErrorCode.PayloadTooLarge,
  ErrorCode.Unauthorized,
  ErrorCode.Forbidden,
  ErrorCode.NotFound,
  ErrorCode.UnknownCandidate,
  ErrorCode.InconsistentFigures,
  ErrorCode.RoundNotOpen,
  ErrorCode.NotInRunoff,
  ErrorCode.CountsBackwards,
  ErrorCode.StaleBulletin,
  ErrorCode.RoundFinal,
  ErrorCode.RoundClosed,
  ErrorCode.IdConflict,
  ErrorCode.DefinitionConflict,
  ErrorCode.CallConflict,
  ErrorCode.CallNotAllowed,
  ErrorCode.RateLimited,
  ErrorCode.StoreUnavailable,
  ErrorCode.Internal,
]);

/** A refusal in the page's language, or the server's own message for a code without words. */
export function explainError(error: ErrorBody): string {
  return EXPLAINED.has(error.code) ? t(`console.error.${error.code}` as MessageKey) : error.message;
}
