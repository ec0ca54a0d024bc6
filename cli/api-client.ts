import { NoAnswerError, requestJson, type JsonAnswer } from '../client/sdk/json-request.ts';
import { CliError, ExitCode, exitCodeOfStatus } from './exit-codes.ts';

/** An answer from the server, read the way every client reads it (`client/sdk/json-request.ts`). */
export type ApiAnswer = JsonAnswer<any>;

export interface ApiClientOptions {
  /** The server's origin, e.g. http://localhost:3000. */
  baseUrl: string;
  token?: string | undefined;
  /** Per request; a hung server must not hang a script. */
  timeoutMs?: number;
}

/** The cause of a failed fetch in a few words (ECONNREFUSED, timeout...). */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if ((error as Error)?.name === 'TimeoutError') return 'no answer in time';
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

/** One line saying what the server refused and why, with what to fix when we know it. */
export function describeRefusal(what: string, answer: ApiAnswer): string {
  const error = answer.body?.error as { code?: string; message?: string } | undefined;
  const detail = error ? `${error.code}: ${error.message}` : answer.notJson !== undefined ? `an answer that is not JSON: ${answer.notJson}` : `HTTP ${answer.status}`;
  const hint =
    answer.status === 401 ? ' (pass --token or set TALLYROOM_TOKEN to one of the server\'s INGEST_TOKENS)'
    : answer.status === 403 && what === 'call' ? ' (desk calls need a token of the server\'s DESK_TOKENS)' : '';
  return `${what} refused (${answer.status} ${detail})${hint}`;
}

/** The server's origin, checked: a typo in --to fails as a usage error, not as a network one. */
function originOf(baseUrl: string): string {
  const origin = baseUrl.replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    throw new CliError(`"${baseUrl}" is not a URL: pass the server's address, e.g. --to http://localhost:3000`, ExitCode.Usage);
  }
  if (!/^https?:$/.test(parsed.protocol)) throw new CliError(`"${baseUrl}" is not an http(s) URL`, ExitCode.Usage);
  return origin;
}

/** The JSON API for the CLI's commands: bearer token, timeouts, network failures as CliErrors. */
export function createApiClient({ baseUrl, token, timeoutMs = 15_000 }: ApiClientOptions) {
  const origin = originOf(baseUrl);
  const unreachable = (error: unknown) =>
    new CliError(`cannot reach ${origin} (${networkReason(error)}): is the server running? pass --to/--from or set TALLYROOM_URL`, ExitCode.Unavailable);

  return {
    origin,
    /** Sends a request; answers with the status and parsed body, whatever the status. */
    async send(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
      try {
        return await requestJson(method, `${origin}${path}`, { body, token, timeoutMs });
      } catch (error) {
        throw error instanceof NoAnswerError ? unreachable(error.cause) : error;
      }
    },
    /** A streamed GET (exports). */
    async stream(path: string): Promise<Response> {
      try {
        return await fetch(`${origin}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw unreachable(error);
      }
    },
    /** The answer's body when it is a success, else a CliError with the documented exit code. */
    expectOk(what: string, answer: ApiAnswer): any {
      const ok = answer.status >= 200 && answer.status < 300;
      if (ok && answer.notJson === undefined) return answer.body;
      // A success that is not JSON comes from something other than Tallyroom (a proxy, a wrong URL).
      throw new CliError(describeRefusal(what, answer), ok ? ExitCode.Unavailable : exitCodeOfStatus(answer.status));
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
