import { setTimeout as sleep } from 'node:timers/promises';
import { describeRefusal, type ApiAnswer, type ApiClient } from '../api-client.ts';
import { CliError, ExitCode, exitCodeOfStatus } from '../exit-codes.ts';
import { spacing, type NightItem } from './night-file.ts';

export type ItemOutcome = 'accepted' | 'duplicate' | 'refused';

export interface ReplayEvent {
  index: number;
  item: NightItem;
  outcome: ItemOutcome;
  answer: ApiAnswer;
  /** One line about a refusal; null otherwise. */
  message: string | null;
}

export interface ReplaySummary {
  sent: number;
  accepted: number;
  duplicates: number;
  refused: number;
  total: number;
  /** Why the replay stopped early, if it did. */
  stopped: string | null;
  /** The HTTP status that stopped it, if one did. */
  stoppedStatus: number | null;
  elapsedMs: number;
}

export interface ReplayOptions {
  client: ApiClient;
  /** Where lines that name no contest go (a night file's lines each name theirs). */
  electionId: string;
  items: readonly NightItem[];
  /** Divides the original spacing; Infinity sends back to back. */
  speed: number;
  maxGapMs?: number;
  /** Go on after a refusal (the summary counts it; the exit code still says so). */
  keepGoing?: boolean;
  signal?: AbortSignal;
  /** Before each wait (ms) and after each item, for progress bars and tickers. */
  onWait?: (ms: number, next: NightItem) => void;
  onItem?: (event: ReplayEvent) => void;
}

/** How many times an item is resent when the server is unavailable (resending is always safe). */
const RETRIES = 3;

function request(electionId: string, item: NightItem): [string, string, unknown, string] {
  if (item.kind === 'night') return ['PUT', `/api/nights/${encodeURIComponent(item.nightId)}`, item.night, `night ${item.nightId}`];
  // A line of a night of many contests names its own contest.
  const base = `/api/elections/${encodeURIComponent(item.electionId ?? electionId)}`;
  if (item.kind === 'bulletin') return ['POST', `${base}/bulletins`, item.bulletin, `bulletin ${item.bulletin.id ?? ''}`.trim()];
  if (item.kind === 'definition') return ['PUT', base, item.definition, 'definition'];
  return ['POST', `${base}/calls`, item.call, 'call'];
}

async function sendWithRetry(client: ApiClient, method: string, path: string, body: unknown, signal?: AbortSignal): Promise<ApiAnswer> {
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await client.send(method, path, body);
      if (exitCodeOfStatus(answer.status) !== ExitCode.Unavailable || answer.status < 400 || attempt === RETRIES) return answer;
    } catch (error) {
      if (!(error instanceof CliError) || error.exitCode !== ExitCode.Unavailable || attempt === RETRIES) throw error;
    }
    await sleep(500 * 2 ** attempt, undefined, { signal });
  }
}

/**
 * Sends a night's items in order with their original spacing divided by `speed`. Stops at the first
 * refusal unless `keepGoing`; always stops on a bad token or an unreachable server (exit codes 4, 5).
 */
export async function replayNight(options: ReplayOptions): Promise<ReplaySummary> {
  const { client, electionId, items, speed, keepGoing = false, signal } = options;
  const waits = spacing(items, speed, options.maxGapMs);
  const started = Date.now();
  const summary: ReplaySummary = { sent: 0, accepted: 0, duplicates: 0, refused: 0, total: items.length, stopped: null, stoppedStatus: null, elapsedMs: 0 };
  const finish = () => ({ ...summary, elapsedMs: Date.now() - started });

  for (const [index, item] of items.entries()) {
    let answer: ApiAnswer;
    const [method, path, body, what] = request(electionId, item);
    try {
      if (waits[index]! > 0) {
        options.onWait?.(waits[index]!, item);
        await sleep(waits[index]!, undefined, { signal });
      }
      signal?.throwIfAborted();
      answer = await sendWithRetry(client, method, path, body, signal);
    } catch (error) {
      if (!signal?.aborted) throw error;
      summary.stopped = `interrupted before line ${item.line}`;
      return finish();
    }
    summary.sent++;
    const ok = answer.status >= 200 && answer.status < 300;
    const outcome: ItemOutcome = !ok ? 'refused' : answer.body?.duplicate === true ? 'duplicate' : 'accepted';
    const message = ok ? null : `line ${item.line}: ${describeRefusal(what, answer)}`;
    if (outcome === 'accepted') summary.accepted++;
    else if (outcome === 'duplicate') summary.duplicates++;
    else summary.refused++;
    options.onItem?.({ index, item, outcome, answer, message });
    if (!ok) {
      const code = exitCodeOfStatus(answer.status);
      if (code !== ExitCode.Refused || !keepGoing) {
        summary.stopped = message;
        summary.stoppedStatus = answer.status;
        return finish();
      }
    }
  }
  return finish();
}
