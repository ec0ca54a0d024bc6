import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Metrics } from '../ops/metrics.ts';

/**
 * Counts each bulletin request by outcome and reason and times it, from arrival to the last byte of the
 * answer. The reason is the error code the error middleware answered with (`res.locals.errorCode`).
 */
export function ingestMeter(metrics: Metrics): RequestHandler {
  return (_req, res, next) => {
    meterIngest(metrics, res, () => res.locals.errorCode as string | undefined);
    next();
  };
}

/** `ingestMeter` for one response, wherever it is answered; `errorCode` is read once it is finished. */
export function meterIngest(metrics: Metrics, res: ServerResponse, errorCode: () => string | undefined): void {
  const stop = metrics.ingestSeconds.startTimer();
  res.once('finish', () => {
    const outcome = res.statusCode === 201 ? 'accepted' : res.statusCode === 200 ? 'duplicate' : 'refused';
    const reason = outcome === 'refused' ? String(errorCode() ?? res.statusCode) : '';
    metrics.bulletins.inc({ outcome, reason });
    stop({ outcome });
  });
}
