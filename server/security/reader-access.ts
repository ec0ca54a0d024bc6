import { ErrorCode } from '../../shared/codes/error-codes.ts';
import type { ElectionVisibility } from '../../shared/schemas/election.schema.ts';
import { visibilityOf } from '../../shared/tally/visibility.ts';
import { AppError } from '../errors/app-error.ts';
import type { Store } from '../store/store.ts';
import { inScope, type TokenRegistry } from './token-registry.ts';
import { Role } from './token-spec.ts';
import type { ViewerTokens } from './viewer-tokens.ts';

export interface ReaderAccessDeps {
  store: Pick<Store, 'load'>;
  viewer: ViewerTokens;
  registry: Pick<TokenRegistry, 'check'>;
  /** How long a known visibility is trusted without reading the store (ms). */
  cacheMs?: number;
  now?: () => number;
}

/**
 * Who may read an election. Public ones: anyone. Private ones: a viewer token naming the election, or
 * a newsroom token (ingest or desk) whose scope covers it, so the console works on embargoed nights.
 * Visibility is cached briefly per node: a reconnect storm costs one store read per election, and
 * the only change a definition may make (private to public) is harmless to serve late.
 */
export function createReaderAccess({ store, viewer, registry, cacheMs = 1000, now = Date.now }: ReaderAccessDeps) {
  const cache = new Map<string, { visibility: ElectionVisibility; until: number }>();

  /** The election's visibility, or null if it does not exist (never cached: it may be defined any moment). */
  async function visibility(electionId: string): Promise<ElectionVisibility | null> {
    const hit = cache.get(electionId);
    if (hit && hit.until > now()) return hit.visibility;
    const stored = await store.load(electionId);
    if (!stored) return null;
    const value = visibilityOf(stored.definition);
    cache.set(electionId, { visibility: value, until: now() + cacheMs });
    return value;
  }

  function newsroomOpens(token: string, electionId: string): boolean {
    return [Role.Ingest, Role.Desk].some((role) => {
      const check = registry.check(token, role);
      return check.kind === 'ok' && inScope(check.principal, electionId);
    });
  }

  /**
   * Resolves when `token` may read `electionId`, with the time (ms) the permission ends: a viewer
   * token's expiry, or null (public, or a newsroom token). Throws 401 (no or bad token) or 403.
   */
  async function authorise(electionId: string, token: string | undefined): Promise<number | null> {
    if ((await visibility(electionId)) !== 'private') return null;
    if (!token) throw new AppError(ErrorCode.Unauthorized, `election "${electionId}" is private: send a viewer token ("Authorization: Bearer", ?access_token= or the subscribe "token")`);
    if (newsroomOpens(token, electionId)) return null;
    const { elections, expiresAt } = await viewer.verify(token);
    if (!elections.includes(electionId)) throw new AppError(ErrorCode.Forbidden, `this viewer token does not open election "${electionId}"`);
    return expiresAt;
  }

  /** Whether `token` may read `electionId`, without throwing (for filtering lists). */
  async function mayRead(electionId: string, token: string | undefined): Promise<boolean> {
    return authorise(electionId, token).then(
      () => true,
      (error: unknown) => {
        if (error instanceof AppError && error.status < 500) return false;
        throw error;
      },
    );
  }

  return {
    visibility,
    authorise,
    mayRead,
    /** Drops the cached visibility (a definition changed on this node). */
    forget(electionId: string) {
      cache.delete(electionId);
    },
  };
}

export type ReaderAccess = ReturnType<typeof createReaderAccess>;
