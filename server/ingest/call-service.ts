import type { CallAccepted, CallUnchanged } from '../../shared/schemas/api.schema.ts';
import { CallRequestSchema, type CallRecord } from '../../shared/schemas/call.schema.ts';
import type { Delta } from '../../shared/schemas/snapshot.schema.ts';
import { evaluateCall, type CallProblem } from '../../shared/tally/calls.ts';
import { AppError, refusalError, validationError } from '../errors/app-error.ts';
import { callRecord } from '../store/history-records.ts';
import type { HistoryEntry, Store } from '../store/store.ts';
import type { ElectionWriter } from './election-writer.ts';

export type PostCallResult = { status: 201; body: CallAccepted } | { status: 200; body: CallUnchanged };

export interface CallServiceDeps {
  store: Store;
  writer: ElectionWriter;
  /** Called once per accepted call, right after its commit, in commit order (the same path as bulletins). */
  publish: (delta: Delta) => void;
  now?: () => Date;
}

/** History entries read per store call while listing calls. */
const PAGE = 500;

/** Desk calls: parse, evaluate against the latest state, commit through the election writer, publish. */
export function createCallService({ store, writer, publish, now = () => new Date() }: CallServiceDeps) {
  return {
    async post(electionId: string, body: unknown, by: string): Promise<PostCallResult> {
      const parsed = CallRequestSchema.safeParse(body);
      if (!parsed.success) throw validationError(parsed.error, 'call');
      const outcome = await writer.change<PostCallResult | { refused: CallProblem[] }>(electionId, (current, fresh) => {
        if (!current) throw new AppError('not_found', `no election "${electionId}"`);
        const at = now();
        const evaluation = evaluateCall(current, parsed.data, by, at);
        // A cached copy may be behind another process's commits: judge a refusal (or "unchanged") on a fresh read.
        if (!evaluation.ok || evaluation.unchanged) {
          if (!fresh) return { kind: 'recheck' };
          return { kind: 'answer', value: evaluation.ok ? { status: 200, body: { version: current.state.version, duplicate: true } } : { refused: evaluation.problems } };
        }
        const { state, record, delta } = evaluation;
        return {
          kind: 'commit',
          request: { electionId, expected: current.state, state, entry: { kind: 'call', version: record.version, at: record.receivedAt, by, call: record.call, delta } },
          committed: () => {
            publish(delta);
            return { status: 201, body: { version: record.version, call: record, delta } };
          },
        };
      });
      if ('refused' in outcome) throw refusalError('call', outcome.refused);
      return outcome;
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
