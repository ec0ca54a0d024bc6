import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { requireToken, tokenLabel } from '../http/auth.ts';
import type { Store } from '../store/store.ts';
import { createRateLimiter, rateLimit } from './rate-limits.ts';
import { createReaderAccess } from './reader-access.ts';
import { createTokenRegistry } from './token-registry.ts';
import { Role } from './token-spec.ts';
import { createViewerTokens } from './viewer-tokens.ts';

/** Runs express handlers one after another as one handler (so a route takes one `requireToken`). */
function chain(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    const run = (i: number, error?: unknown): void => {
      if (error !== undefined || i === handlers.length) return next(error);
      void handlers[i]!(req, res, (err?: unknown) => run(i + 1, err));
    };
    run(0);
  };
}

/**
 * Who may write and who may read, built once for the composition root: the token registry, viewer
 * tokens, the reader check for private elections, and the rate limits that go with them.
 */
export function createSecurity({ config, store, logger }: { config: Config; store: Store; logger: Logger }) {
  const registry = createTokenRegistry({ fixed: config.tokens, file: config.tokensFile, logger });
  registry.watch();
  const viewer = createViewerTokens(config.viewerJwtSecret);
  const access = createReaderAccess({ store, viewer, registry });
  const ingestLimiter = createRateLimiter(config.ingestRateLimit);
  // Per IP before authenticating, so guessing tokens is limited too; per token after.
  const byIp = rateLimit(ingestLimiter, 'from this address', (req) => `ip:${req.ip ?? 'unknown'}`);
  const byToken = rateLimit(ingestLimiter, 'with this token', (_req, res) => `token:${tokenLabel(res)}`);
  const guard = (roles: Role | readonly Role[]) => chain(byIp, requireToken(registry, roles), byToken);

  return {
    registry,
    viewer,
    access,
    /** Write routes (definitions, bulletins, go-live): an ingest token, in scope, within the rate. */
    requireIngest: guard(Role.Ingest),
    /** Routes a newsroom token of either role may call (minting viewer tokens), within the rate. */
    requireNewsroom: guard([Role.Ingest, Role.Desk]),
    /** Desk calls: `requireToken(registry, Role.Desk)` with the same rate limits. */
    requireDesk: guard(Role.Desk),
    socketLimiter: createRateLimiter(config.socketEventRateLimit),
    /** Stops watching the tokens file. Idempotent. */
    close() {
      registry.close();
    },
  };
}

export type Security = ReturnType<typeof createSecurity>;
