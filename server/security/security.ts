import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { authenticate, rememberPrincipal } from './auth.ts';
import type { Store } from '../store/store.ts';
import { createRateLimiter, withinRate, type RateSpec } from './rate-limits.ts';
import { createReaderAccess } from './reader-access.ts';
import { createTokenRegistry, type Principal } from './token-registry.ts';
import { Role, type TokenSpec } from './token-spec.ts';
import { createViewerTokens } from './viewer-tokens.ts';

/** The settings security is built from (the composition root hands it the parsed config). */
export interface SecuritySettings {
  /** INGEST_TOKENS and DESK_TOKENS, hashed. */
  tokens: TokenSpec[];
  /** TOKENS_FILE, re-read without a restart; null: none. */
  tokensFile: string | null;
  viewerJwtSecret: string | null;
  ingestRateLimit: RateSpec | null;
  socketEventRateLimit: RateSpec | null;
}

/**
 * Who may write and who may read, built once for the composition root: the token registry, viewer
 * tokens, the reader check for private elections, and the rate limits that go with them.
 */
export function createSecurity({ config, store, logger, definitions = store }: { config: SecuritySettings; store: Store; logger: Logger; definitions?: Pick<Store, 'load'> }) {
  const registry = createTokenRegistry({ fixed: config.tokens, file: config.tokensFile, logger });
  registry.watch();
  const viewer = createViewerTokens(config.viewerJwtSecret);
  // Visibility is read from `definitions` (the composition root hands it the HTTP reads' cache).
  const access = createReaderAccess({ store: definitions, viewer, registry });
  const ingestLimiter = createRateLimiter(config.ingestRateLimit);
  /**
   * Admits a newsroom call: within the rate per IP (before authenticating, so guessing tokens is
   * limited too), a token of one of `roles` in scope of `electionId`, within the rate per token.
   */
  const admit = (roles: Role | readonly Role[]) => {
    const wanted: readonly Role[] = typeof roles === 'string' ? [roles] : roles;
    return async (ip: string, authorization: string | undefined, electionId: string | undefined): Promise<Principal> => {
      await withinRate(ingestLimiter, 'from this address', `ip:${ip}`);
      const principal = authenticate(registry, authorization, wanted, electionId);
      await withinRate(ingestLimiter, 'with this token', `token:${principal.label}`);
      return principal;
    };
  };
  const guard = (roles: Role | readonly Role[]): RequestHandler => {
    const check = admit(roles);
    return (req, res, next) => {
      check(req.ip ?? 'unknown', req.get('authorization'), (req.params as { electionId?: string }).electionId).then((principal) => {
        rememberPrincipal(res, principal);
        next();
      }, next);
    };
  };

  return {
    registry,
    viewer,
    access,
    /** Write routes (definitions, bulletins, go-live): an ingest token, in scope, within the rate. */
    requireIngest: guard(Role.Ingest),
    /** The same check as `requireIngest`, outside express (the bulletin fast path). */
    admitIngest: admit(Role.Ingest),
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
