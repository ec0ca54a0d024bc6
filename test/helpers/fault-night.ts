import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { io as connect } from 'socket.io-client';
import { TEST_TOKEN, type TestSocket } from './test-server.ts';

/** A small plurality field for fault tests: every bulletin `i` raises every figure, so any order of versions is valid. */
export const FIELD = {
  name: 'Fault night',
  rule: { kind: 'plurality' },
  candidates: [
    { id: 'c0', name: 'Candidate 0' },
    { id: 'c1', name: 'Candidate 1' },
    { id: 'c2', name: 'Candidate 2' },
  ],
} as const;

/** The `i`-th bulletin of the night (1-based): counts rise with `i`. */
export function bulletin(i: number) {
  return { id: `b${i}`, ballotsCounted: 1000 * i, votes: { c0: 500 * i, c1: 300 * i - (i % 3), c2: 200 * i } };
}

/** An API call to one node with the test token; the body parsed. */
export async function callApi(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** The figures of a snapshot, without what differs between readers (the audience count). */
export function figures(snapshot: Snapshot | null | undefined) {
  if (!snapshot) return null;
  const { audience: _audience, ...rest } = snapshot;
  return rest;
}

/** Posts `bulletin(from)` to `bulletin(to)` one after another; throws on anything but 201. */
export async function postAll(base: string, electionId: string, from: number, to: number): Promise<void> {
  for (let i = from; i <= to; i++) {
    const res = await callApi(base, 'POST', `/api/elections/${electionId}/bulletins`, bulletin(i));
    if (res.status !== 201) throw new Error(`bulletin ${i}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** A connected WebSocket-only socket.io client, recorded in `opened` so the test can close it. */
export async function socketTo(url: string, opened: Array<{ close(): void }>): Promise<TestSocket> {
  const socket: TestSocket = connect(url, { transports: ['websocket'], reconnection: false });
  opened.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}
