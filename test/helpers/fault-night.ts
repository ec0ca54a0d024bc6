import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { callApi } from './api.ts';

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
