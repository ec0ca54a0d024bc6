import type { ErrorBody, ErrorCode } from '../../shared/codes/error-codes.ts';

/**
 * Each refusal in words a newsroom can act on. Partial on purpose: a code added later still shows
 * the server's own message.
 */
const WORDS: Partial<Record<ErrorCode, string>> = {
  invalid_json: 'The server could not read the request.',
  validation_failed: 'Some fields are not in the form the server expects; see the fields marked.',
  unsupported_media_type: 'The request was not sent as JSON.',
  payload_too_large: 'The bulletin is larger than the server accepts (64 KB).',
  unauthorized: 'The token was refused. Sign in again with a valid ingest token.',
  forbidden: 'This token may not do this.',
  not_found: 'This election does not exist. Choose another one or define it.',
  unknown_candidate: 'A figure names a candidate this election does not have.',
  inconsistent_figures: 'The figures contradict each other; see the fields marked.',
  round_not_open: 'That round is not open: the runoff opens once the first round is final without a winner.',
  not_in_runoff: 'Only the two runoff candidates can have votes in the runoff.',
  counts_backwards: 'A count is lower than the one already published. If the earlier figure was wrong, tick “Correction” and publish again.',
  stale_bulletin: 'This bulletin was issued before the latest one published. Tick “Correction” to apply it anyway.',
  round_final: 'This round is final. Only a correction can change it.',
  round_closed: 'The first round is closed because its runoff has started.',
  id_conflict: 'This bulletin id was already used with other figures. Leave the id empty, or give a new one.',
  definition_conflict: 'This definition would remove a candidate who has votes, or change a runoff under way.',
  call_conflict: 'That call does not fit what stands: retract the standing call first, or check the count.',
  call_not_allowed: 'That call does not apply to this election (a runoff under a plurality rule, or in round 2).',
  rate_limited: 'Too many requests. Wait a moment, then publish again.',
  store_unavailable: 'Nothing was stored: the database is unavailable. Publishing the same bulletin again is safe.',
  internal_error: 'The server failed unexpectedly. Publishing the same bulletin again is safe: a duplicate is recognised.',
};

export function explainError(error: ErrorBody): string {
  return WORDS[error.code] ?? error.message;
}
