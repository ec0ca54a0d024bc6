/** An answer from the API: its status and its parsed body, whatever the status. */
export interface JsonAnswer<T = unknown> {
  status: number;
  /** The parsed body (null when it is empty or not JSON). */
  body: T;
  /** The start of a body that is not JSON (a proxy's error page, another service): no Tallyroom answer. */
  notJson?: string;
}

/** The request never got an answer (network down, server gone, no answer in time): whether it was applied is unknown. */
export class NoAnswerError extends Error {
  override name = 'NoAnswerError';
}

export interface JsonRequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as a bearer token. */
  token?: string | undefined;
  /** Gives up (a NoAnswerError) after this long: a hung server must not hang a script. */
  timeoutMs?: number | undefined;
}

/** A response's status and JSON body: the form of every API answer, read once. */
export async function readJsonAnswer<T = unknown>(res: Response): Promise<JsonAnswer<T>> {
  const text = await res.text();
  try {
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  } catch {
    return { status: res.status, body: null as T, notJson: text.slice(0, 200) };
  }
}

/**
 * One API request: JSON in and out, an optional bearer token and timeout. Answers whatever the status;
 * throws a NoAnswerError (the fetch failure as its `cause`) only when no answer came at all.
 */
export async function requestJson<T = unknown>(method: string, url: string, options: JsonRequestOptions = {}): Promise<JsonAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const init: RequestInit = { method, headers };
  if (options.body !== undefined) init.body = JSON.stringify(options.body);
  if (options.timeoutMs !== undefined) init.signal = AbortSignal.timeout(options.timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (error) {
    throw new NoAnswerError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  return readJsonAnswer<T>(res);
}
