import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { TEST_TOKEN } from './test-server.ts';

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
