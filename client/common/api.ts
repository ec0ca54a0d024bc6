import { type ErrorBody, ErrorCode } from '../../shared/codes/error-codes.ts';
import type { BulletinList } from '../../shared/schemas/api.schema.ts';
import type { ElectionSummary } from '../../shared/schemas/election.schema.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';

/** An answer from the API: the status and the parsed body (an error body when status >= 400). */
export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** The request never got an answer (network down, server gone): whether it was applied is unknown. */
export class NoAnswerError extends Error {
  override name = 'NoAnswerError';
}

export async function request<T>(method: string, path: string, options: { body?: unknown; token?: string } = {}): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch (error) {
    throw new NoAnswerError(error instanceof Error ? error.message : String(error));
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { error: { code: ErrorCode.Internal, message: `unreadable answer (${res.status})` } };
  }
  return { status: res.status, body: body as T };
}

/** The body of an error answer, when it is one. */
export function errorOf(answer: ApiAnswer<unknown>): ErrorBody | null {
  if (answer.status < 400) return null;
  const error = (answer.body as { error?: ErrorBody } | null)?.error;
  return error ?? { code: ErrorCode.Internal, message: `HTTP ${answer.status}` };
}

/** The viewer token of a private election, from the page's `?access_token=` (a link a newsroom handed out). */
export function pageViewerToken(search: string = typeof location === 'undefined' ? '' : location.search): string | undefined {
  return new URLSearchParams(search).get('access_token') || undefined;
}

let readerToken: () => string | undefined = () => pageViewerToken();

/** Which token the reads send (the console sends its newsroom token, so private elections open to it). */
export function useReaderToken(token: () => string | undefined): void {
  readerToken = token;
}

async function getOk<T>(path: string): Promise<T> {
  const answer = await request<T>('GET', path, { token: readerToken() });
  const error = errorOf(answer);
  if (error) throw Object.assign(new Error(error.message), { code: error.code, status: answer.status });
  return answer.body;
}

export const fetchElections = () => getOk<{ elections: ElectionSummary[] }>('/api/elections').then((b) => b.elections);
export const fetchSnapshot = (electionId: string) => getOk<Snapshot>(`/api/elections/${encodeURIComponent(electionId)}`);
export const fetchBulletins = (electionId: string, since: number, limit = 200) =>
  getOk<BulletinList>(`/api/elections/${encodeURIComponent(electionId)}/bulletins?since=${since}&limit=${limit}`);

/** The election id in a page path: `/e/<id>` or `/graphics/<id>`. */
export function electionIdFromPath(pathname: string = location.pathname): string {
  const last = pathname.split('/').filter(Boolean).at(-1) ?? '';
  return decodeURIComponent(last);
}
