/**
 * What `tallyroom` exits with, so scripts can tell what to do next. Documented in docs/cli.md; never
 * renumber.
 */
export const ExitCode = {
  /** Done. */
  Ok: 0,
  /** A bug in the CLI itself; the message says so. */
  Internal: 1,
  /** The command line or an input file is wrong: fix it and run again. */
  Usage: 2,
  /** The server refused the request (invalid, conflicting or unknown election): fix the data. */
  Refused: 3,
  /** The token is missing, unknown, or may not do this: fix the token. */
  Unauthorized: 4,
  /** The server could not be reached or could not answer (down, 5xx, 503, rate limited): retry later; resending is safe. */
  Unavailable: 5,
  /** Interrupted (Ctrl-C). */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error that ends the command with a one-line message and a documented exit code. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, ExitCode.Usage);

/** The exit code of an HTTP status the server answered with. */
export function exitCodeOfStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return ExitCode.Unauthorized;
  if (status === 429 || status >= 500) return ExitCode.Unavailable;
  return ExitCode.Refused;
}
