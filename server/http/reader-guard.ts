import type { Request, RequestHandler } from 'express';
import { ElectionIdSchema, type ElectionSummary } from '../../shared/schemas/election.schema.ts';
import { bearerToken } from '../security/auth.ts';
import type { ReaderAccess } from '../security/reader-access.ts';

/** A reader's token: `Authorization: Bearer`, else `?access_token=` (for links and EventSource-like clients). */
export function readerToken(req: Request): string | undefined {
  const query = req.query.access_token;
  return bearerToken(req) ?? (typeof query === 'string' && query.length > 0 ? query : undefined);
}

/**
 * Read routes with an `:electionId`: a private election needs a token that opens it (401/403);
 * public and unknown ones pass (the route answers 404 for unknown ones).
 */
export function requireReader(access: ReaderAccess): RequestHandler {
  return (req, _res, next) => {
    const electionId = String((req.params as { electionId?: string }).electionId);
    // A malformed id names no election: the route answers 404 without a store read.
    if (!ElectionIdSchema.safeParse(electionId).success) return next();
    access.authorise(electionId, readerToken(req)).then(() => next(), next);
  };
}

/** `GET /api/elections` lists private elections only to a token that opens them. */
export function visibleTo(access: ReaderAccess) {
  return async (req: Request, summaries: ElectionSummary[]): Promise<ElectionSummary[]> => {
    const token = readerToken(req);
    const open = await Promise.all(summaries.map((s) => access.mayRead(s.electionId, token)));
    return summaries.filter((_, i) => open[i]);
  };
}
