import { callApi, type ApiAnswer } from './api.ts';
import { bulletin } from './fault-night.ts';
import { createHistoryRecorder, postOutcome } from './history-checker.ts';

export interface PosterLoadOptions {
  url: () => string;
  electionId: string;
  posters: number;
  recorder: ReturnType<typeof createHistoryRecorder>;
  /** Posters stop taking new bulletins once this says so (each finishes the one in hand). */
  done: () => boolean;
  /** A resend waits this long after a 503 (ms). */
  resendAfterMs?: number;
  /** Each poster waits this long between bulletins (ms): a newsroom's pace, not a benchmark's. */
  paceMs?: number;
}

/** A 503 answer: when it was asked, how long it took, and its code. */
export interface Refusal {
  at: number;
  ms: number;
  code: string;
}

/**
 * Newsroom posters under a fault: each takes the next bulletin and posts it until it is accepted,
 * (marked `correction`, so bulletins racing each other may land in any order without counting backwards),
 * resending with the same id after any 503 or lost answer, as the API asks; every attempt goes into
 * the history recorder. Resolves when `done()` and every poster finished its bulletin.
 */
export function startPosters(o: PosterLoadOptions) {
  let next = 0;
  const refusals: Refusal[] = [];
  const accepted = new Set<string>();
  const poster = async () => {
    while (!o.done()) {
      const i = ++next;
      for (;;) {
        const finish = o.recorder.post(`b${i}`);
        const started = performance.now();
        const answer: ApiAnswer | null = await callApi(o.url(), 'POST', `/api/elections/${o.electionId}/bulletins`, { ...bulletin(i), correction: true }).catch(() => null);
        const outcome = postOutcome(answer);
        finish(outcome);
        if (outcome.type === 'ok') {
          accepted.add(`b${i}`);
          if (o.paceMs) await new Promise((r) => setTimeout(r, o.paceMs));
          break;
        }
        if (answer && answer.status < 500) throw new Error(`bulletin ${i} refused: ${answer.status} ${JSON.stringify(answer.body)}`);
        refusals.push({ at: started, ms: performance.now() - started, code: String(answer?.body?.error?.code ?? 'no answer') });
        await new Promise((r) => setTimeout(r, o.resendAfterMs ?? 50));
      }
    }
  };
  const finished = Promise.all(Array.from({ length: o.posters }, poster));
  return { finished, refusals, accepted, sent: () => next };
}
