import { type ErrorBody, ErrorCode } from '../../shared/codes/error-codes.ts';

/**
 * Each refusal in words a newsroom can act on. Partial on purpose: a code added later still shows
 * the server's own message.
 */
const WORDS: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.InvalidJson]: 'The server could not read the request.',
  [ErrorCode.ValidationFailed]: 'Some fields are not in the form the server expects; see the fields marked.',
  [ErrorCode.UnsupportedMediaType]: 'The request was not sent as JSON.',
  [ErrorCode.PayloadTooLarge]: 'The bulletin is larger than the server accepts (64 KB).',
  [ErrorCode.Unauthorized]: 'The token was refused. Sign in again with a valid ingest token.',
  [ErrorCode.Forbidden]: 'This token may not do this.',
  [ErrorCode.NotFound]: 'This election does not exist. Choose another one or define it.',
  [ErrorCode.UnknownCandidate]: 'A figure names a candidate this election does not have.',
  [ErrorCode.InconsistentFigures]: 'The figures contradict each other; see the fields marked.',
  [ErrorCode.RoundNotOpen]: 'That round is not open: the runoff opens once the first round is final without a winner.',
  [ErrorCode.NotInRunoff]: 'Only the two runoff candidates can have votes in the runoff.',
  [ErrorCode.CountsBackwards]: 'A count is lower than the one already published. If the earlier figure was wrong, tick “Correction” and publish again.',
  [ErrorCode.StaleBulletin]: 'This bulletin was issued before the latest one published. Tick “Correction” to apply it anyway.',
  [ErrorCode.RoundFinal]: 'This round is final. Only a correction can change it.',
  [ErrorCode.RoundClosed]: 'The first round is closed because its runoff has started.',
  [ErrorCode.IdConflict]: 'This bulletin id was already used with other figures. Leave the id empty, or give a new one.',
  [ErrorCode.DefinitionConflict]: 'This definition would remove a candidate who has votes, or change a runoff under way.',
  [ErrorCode.CallConflict]: 'That call does not fit what stands: retract the standing call first, or check the count.',
  [ErrorCode.CallNotAllowed]: 'That call does not apply to this election (a runoff under a plurality rule, or in round 2).',
  [ErrorCode.RateLimited]: 'Too many requests. Wait a moment, then publish again.',
  [ErrorCode.StoreUnavailable]: 'Nothing was stored: the database is unavailable. Publishing the same bulletin again is safe.',
  [ErrorCode.Internal]: 'The server failed unexpectedly. Publishing the same bulletin again is safe: a duplicate is recognised.',
};

export function explainError(error: ErrorBody): string {
  return WORDS[error.code] ?? error.message;
}
