import { type ErrorBody, ErrorCode } from '../../shared/codes/error-codes.ts';
import type { BulletinList } from '../../shared/schemas/api.schema.ts';
import type { ElectionSummary } from '../../shared/schemas/election.schema.ts';
import type { NightListItem } from '../../shared/schemas/night.schema.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { requestJson, type JsonAnswer } from '../sdk/json-request.ts';

/** The body of an error answer, when it is one (an answer that is not JSON is one, whatever its status). */
export function errorOf(answer: JsonAnswer<unknown>): ErrorBody | null {
  if (answer.notJson !== undefined) return { code: ErrorCode.Internal, message: `unreadable answer (${answer.status})` };
  if (answer.status < 400) return null;
  const error = (answer.body as { error?: ErrorBody } | null)?.error;
  return error ?? { code: ErrorCode.Internal, message: `HTTP ${answer.status}` };
}

/** The viewer token of a private election, from the page's `?access_token=` (a link a newsroom handed out). */
export function pageViewerToken(search: string = typeof location === 'undefined' ? '' : location.search): string | undefined {
  return new URLSearchParams(search).get('access_token') || undefined;
}

/**
 * `?transport=poll`: follow by HTTP polls (a CDN-cached path) rather than the socket; otherwise the
 * socket, falling back to polls when it cannot connect.
 */
export function pageTransport(search: string = typeof location === 'undefined' ? '' : location.search): 'poll' | 'auto' {
  return new URLSearchParams(search).get('transport') === 'poll' ? 'poll' : 'auto';
}

let readerToken: () => string | undefined = () => pageViewerToken();

/** Which token the reads send (the console sends its newsroom token, so private elections open to it). */
export function useReaderToken(token: () => string | undefined): void {
  readerToken = token;
}

async function getOk<T>(path: string): Promise<T> {
  const answer = await requestJson<T>('GET', path, { token: readerToken() });
  const error = errorOf(answer);
  if (error) throw Object.assign(new Error(error.message), { code: error.code, status: answer.status });
  return answer.body;
}

export const fetchElections = () => getOk<{ elections: ElectionSummary[] }>('/api/elections').then((b) => b.elections);
export const fetchNights = () => getOk<{ nights: NightListItem[] }>('/api/nights').then((b) => b.nights);
export const fetchSnapshot = (electionId: string) => getOk<Snapshot>(`/api/elections/${encodeURIComponent(electionId)}`);
export const fetchBulletins = (electionId: string, since: number, limit = 200) =>
  getOk<BulletinList>(`/api/elections/${encodeURIComponent(electionId)}/bulletins?since=${since}&limit=${limit}`);

/** The election id in a page path: `/e/<id>` or `/graphics/<id>`. */
export function electionIdFromPath(pathname: string = location.pathname): string {
  const last = pathname.split('/').filter(Boolean).at(-1) ?? '';
  return decodeURIComponent(last);
}
