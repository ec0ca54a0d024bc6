import { CliError, ExitCode, exitCodeOfStatus } from './exit-codes.ts';

export interface ApiAnswer {
  status: number;
  /** The parsed body (null when empty or not JSON). */
  body: any;
  /** The start of a body that is not JSON (a proxy's error page, another service): no Tallyroom answer. */
  notJson?: string;
}

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

/** A thin fetch wrapper: JSON in and out, bearer token, timeouts, network failures as CliErrors. */
export function createApiClient({ baseUrl, token, timeoutMs = 15_000 }: ApiClientOptions) {
  const origin = baseUrl.replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    throw new CliError(`"${baseUrl}" is not a URL: pass the server's address, e.g. --to http://localhost:3000`, ExitCode.Usage);
  }
  if (!/^https?:$/.test(parsed.protocol)) throw new CliError(`"${baseUrl}" is not an http(s) URL`, ExitCode.Usage);

  async function fetchOrFail(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${origin}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new CliError(`cannot reach ${origin} (${networkReason(error)}): is the server running? pass --to/--from or set TALLYROOM_URL`, ExitCode.Unavailable);
    }
  }

  return {
    origin,
    /** Sends a request; answers with the status and parsed body, whatever the status. */
    async send(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetchOrFail(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      try {
        return { status: res.status, body: text ? JSON.parse(text) : null };
      } catch {
        return { status: res.status, body: null, notJson: text.slice(0, 200) };
      }
    },
    /** A streamed GET (exports). */
    stream(path: string): Promise<Response> {
      return fetchOrFail(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
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
