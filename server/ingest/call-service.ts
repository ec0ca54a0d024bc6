import type { CallAccepted, CallUnchanged } from '../../shared/schemas/api.schema.ts';
import { CallRequestSchema, type CallRecord, type CallRequest } from '../../shared/schemas/call.schema.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import { evaluateCall } from '../../shared/tally/calls.ts';
import { noSuchElection, refusalError, validationError } from '../errors/app-error.ts';
import { callRecord } from '../store/history-records.ts';
import type { HistoryEntry, Store } from '../store/store.ts';
import type { Decision, ElectionWriter } from './election-writer.ts';

export type PostCallResult = { status: 201; body: CallAccepted } | { status: 200; body: CallUnchanged };

export interface CallServiceDeps {
  store: Store;
  writer: ElectionWriter;
}

/** History entries read per store call while listing calls. */
const PAGE = 500;

/** A desk call on the latest state (pure): refused, unchanged, or the next state, its entry and its delta. */
function decideCall(electionId: string, current: StoredElection | null, request: CallRequest, by: string, at: Date): Decision<PostCallResult> {
  if (!current) throw noSuchElection(electionId);
  const evaluation = evaluateCall(current, request, by, at);
  if (!evaluation.ok) return { kind: 'refuse', error: refusalError('call', evaluation.problems) };
  // "Unchanged" says what stands now: the writer confirms it on a fresh read when it rested on a cached copy.
  if (evaluation.unchanged) return { kind: 'answer', value: { status: 200, body: { version: current.state.version, duplicate: true } }, confirm: true };
  const { state, record, delta } = evaluation;
  return {
    kind: 'commit',
    state,
    entry: { kind: 'call', version: record.version, at: record.receivedAt, by, call: record.call, delta },
    committed: () => ({ value: { status: 201, body: { version: record.version, call: record, delta } }, push: { delta } }),
  };
}

/** Desk calls: parse here; the writer evaluates, commits and publishes them on the bulletins' path. */
export function createCallService({ store, writer }: CallServiceDeps) {
  return {
    async post(electionId: string, body: unknown, by: string): Promise<PostCallResult> {
      const parsed = CallRequestSchema.safeParse(body);
      if (!parsed.success) throw validationError(parsed.error, 'call');
      return writer.submit<PostCallResult>(electionId, { decide: (current, at) => decideCall(electionId, current, parsed.data, by, at) });
    },

    /** Every call and retraction of the election, in version order (the history is read in pages). */
    async list(electionId: string): Promise<CallRecord[]> {
      const calls: CallRecord[] = [];
      for (let since = 0; ; ) {
        const entries: HistoryEntry[] = await store.readHistory(electionId, since, PAGE);
        for (const e of entries) if (e.kind === 'call') calls.push(callRecord(e));
        if (entries.length < PAGE) return calls;
        since = entries.at(-1)!.version;
      }
    },
  };
}

export type CallService = ReturnType<typeof createCallService>;
