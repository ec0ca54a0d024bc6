import { ErrorCode, type ErrorBody } from '../../shared/codes/error-codes.ts';
import type { DeltaList } from '../../shared/schemas/api.schema.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { fullJitterDelay, type BackoffOptions } from './backoff.ts';
import { sameStatus, type ConnectionStatus } from './connection-status.ts';
import { createElectionFeed, type ElectionFeed } from './election-feed.ts';
import { requestJson, type JsonAnswer } from './json-request.ts';
import type { Subscription, SubscriptionHandlers } from './subscriptions.ts';

export interface PollingOptions {
  /** The server's origin; '' is the page's own. */
  url: string;
  /** The wait between two polls of one election (ms), jittered by ±20 % so readers spread out. */
  pollMs: number;
  /** The waits after failed polls (full jitter), as for reconnects. */
  backoff: BackoffOptions;
  offlineAfterMs: number;
  token?: string | (() => string | undefined) | undefined;
  now: () => number;
  random?: (() => number) | undefined;
}

interface Poll {
  feed: ElectionFeed;
  handlers: SubscriptionHandlers;
  status: ConnectionStatus;
  timer: ReturnType<typeof setTimeout> | null;
  failures: number;
  /** The first failure of the run under way; null while polls succeed. */
  downSince: number | null;
  /** A delta did not apply or the server answered 410: read the snapshot next. */
  needSnapshot: boolean;
  stopped: boolean;
}

const errorOf = (answer: JsonAnswer): ErrorBody | null =>
  answer.status < 400 && answer.notJson === undefined ? null : ((answer.body as { error?: ErrorBody } | null)?.error ?? { code: ErrorCode.Internal, message: `HTTP ${answer.status}` });

/**
 * Follows elections over plain HTTP, for readers whose socket cannot connect (a proxy that blocks
 * WebSockets and long-polling alike) or who ask for it (`transport: 'poll'`): the snapshot once, then
 * `GET .../deltas?since=<held version>` every `pollMs`, each delta applied by the same feed as the
 * socket's, so versions arrive in order and none is skipped; a 410 or a gap reads the snapshot again.
 * Behind a CDN every reader of one version asks the same URL, which the CDN answers from its cache.
 */
export function createPolling(options: PollingOptions) {
  const polls = new Map<string, Poll>();
  const path = (electionId: string) => `${options.url}/api/elections/${encodeURIComponent(electionId)}`;
  const token = () => (typeof options.token === 'function' ? options.token() : options.token);

  function refresh(poll: Poll, next: ConnectionStatus): void {
    if (sameStatus(next, poll.status)) return;
    poll.status = next;
    poll.handlers.onStatus?.(next);
  }

  function schedule(poll: Poll, delay: number): void {
    if (poll.stopped) return;
    poll.timer = setTimeout(() => {
      poll.timer = null;
      void tick(poll);
    }, delay);
  }

  function failed(poll: Poll, reason: string): void {
    const now = options.now();
    poll.downSince ??= now;
    const delay = Math.max(options.pollMs, fullJitterDelay(poll.failures++, options.backoff, options.random));
    const state = now - poll.downSince >= options.offlineAfterMs ? 'offline' : 'reconnecting';
    refresh(poll, { state, since: poll.downSince, attempt: poll.failures, retryAt: now + delay, reason });
    schedule(poll, delay);
  }

  async function readSnapshot(poll: Poll): Promise<void> {
    const answer = await requestJson<Snapshot>('GET', path(poll.feed.electionId), { token: token() });
    const error = errorOf(answer);
    if (error) throw Object.assign(new Error(error.message), { body: error });
    poll.feed.request();
    poll.needSnapshot = poll.feed.acknowledge({ ok: true, snapshot: answer.body, missed: [], recovered: false }) === 'resync';
  }

  async function readDeltas(poll: Poll, held: Snapshot): Promise<void> {
    const query = `since=${held.version}&epoch=${encodeURIComponent(held.epoch)}`;
    const answer = await requestJson<DeltaList>('GET', `${path(poll.feed.electionId)}/deltas?${query}`, { token: token() });
    if (answer.status === 410) {
      poll.needSnapshot = true;
      return readSnapshot(poll);
    }
    const error = errorOf(answer);
    if (error) throw Object.assign(new Error(error.message), { body: error });
    for (const delta of answer.body.deltas) {
      if (poll.feed.receiveDelta(delta) === 'resync') {
        poll.needSnapshot = true;
        return;
      }
    }
  }

  async function tick(poll: Poll): Promise<void> {
    try {
      const held = poll.feed.snapshot;
      await (held && !poll.needSnapshot ? readDeltas(poll, held) : readSnapshot(poll));
      if (poll.stopped) return;
      poll.failures = 0;
      poll.downSince = null;
      refresh(poll, poll.status.state === 'live' ? poll.status : { state: 'live', since: options.now() });
      const jitter = 0.8 + 0.4 * (options.random ?? Math.random)();
      schedule(poll, poll.needSnapshot ? 0 : Math.round(options.pollMs * jitter));
    } catch (error) {
      if (poll.stopped) return;
      const body = (error as { body?: ErrorBody }).body;
      if (body) poll.handlers.onError?.(body);
      failed(poll, body?.message ?? (error instanceof Error ? error.message : String(error)));
    }
  }

  return {
    /** Follows one election by polling; the first poll goes at once. */
    add(electionId: string, handlers: SubscriptionHandlers): Subscription {
      if (polls.has(electionId)) throw new Error(`already subscribed to "${electionId}" on this client`);
      const feed = createElectionFeed(electionId, (update) => {
        handlers.onUpdate?.(update);
        if (update.kind === 'snapshot' && update.snapshot.audience !== undefined) handlers.onAudience?.(update.snapshot.audience);
      });
      const poll: Poll = { feed, handlers, status: { state: 'connecting', since: options.now() }, timer: null, failures: 0, downSince: null, needSnapshot: false, stopped: false };
      polls.set(electionId, poll);
      void tick(poll);
      const stop = () => {
        poll.stopped = true;
        if (poll.timer) clearTimeout(poll.timer);
        polls.delete(electionId);
      };
      return {
        electionId,
        get snapshot() {
          return feed.snapshot;
        },
        get status() {
          return poll.status;
        },
        unsubscribe: stop,
      };
    },
    /** Stops every poll. Idempotent. */
    close(): void {
      for (const poll of polls.values()) {
        poll.stopped = true;
        if (poll.timer) clearTimeout(poll.timer);
      }
      polls.clear();
    },
  };
}

export type Polling = ReturnType<typeof createPolling>;
