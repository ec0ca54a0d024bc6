/** The ingest token every test server accepts (label `desk`); test-server.ts adds a second one, `${TEST_TOKEN}-2`. */
export const TEST_TOKEN = 'test-desk-token-0123456789';

export interface ApiOptions {
  /** The bearer token, the test token unless given; `null` sends no Authorization header. */
  token?: string | null;
  /** Sent last, so they may replace the JSON content type. */
  headers?: Record<string, string>;
  /** A body sent as it is instead of `body` as JSON (still as JSON unless `headers` says otherwise). */
  raw?: string;
}

/** An API answer: the status and the body parsed (null when empty). */
export interface ApiAnswer {
  status: number;
  body: any;
}

/** One API request to a server at `base`, as a client of the API sends it: a bearer token, a JSON body. */
export function sendApi(base: string, method: string, path: string, body?: unknown, { token = TEST_TOKEN, headers = {}, raw }: ApiOptions = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
}

/** The status and parsed body of a response. */
export async function answerOf(res: Response): Promise<ApiAnswer> {
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** An API call (`sendApi`), answered with its status and parsed body. */
export async function callApi(base: string, method: string, path: string, body?: unknown, options?: ApiOptions): Promise<ApiAnswer> {
  return answerOf(await sendApi(base, method, path, body, options));
}

/** The answer, failing loudly (naming `what`, the status and the body) unless it is a success. */
export function ok<T extends ApiAnswer>(answer: T, what: string): T {
  if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}
