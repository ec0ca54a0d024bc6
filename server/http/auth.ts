import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors/app-error.ts';
import { inScope, type Principal, type TokenRegistry } from '../security/token-registry.ts';
import type { Role } from '../security/token-spec.ts';

/** The bearer token of a request, or null when there is none. */
export function bearerToken(req: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return match ? match[1]! : null;
}

/** The label of the token that authenticated this request (set by `requireToken`). */
export function tokenLabel(res: { locals: Record<string, unknown> }): string {
  return String(res.locals.tokenLabel ?? 'unknown');
}

/** The principal `requireToken` authenticated. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error('principalOf before requireToken');
  return principal;
}

/**
 * 403 unless the authenticated token's scope covers `electionId`. `requireToken` does this for routes
 * with an `:electionId` parameter; a route that finds its election elsewhere (the body) calls it itself.
 */
export function assertScope(res: Response, electionId: string): void {
  const principal = principalOf(res);
  if (!inScope(principal, electionId)) {
    throw new AppError('forbidden', `token "${principal.label}" may not act on election "${electionId}" (its scope: ${principal.elections!.join(', ')})`);
  }
}

/**
 * Express middleware: 401 unless `Authorization: Bearer <token>` names a configured token; 403 if the
 * token has another role, or a scope that leaves out the route's `:electionId`.
 * Use `requireToken(registry, Role.Ingest)` for writes, `requireToken(registry, Role.Desk)` for desk
 * calls, or a list of roles any of which will do.
 */
export function requireToken(registry: Pick<TokenRegistry, 'check'>, roles: Role | readonly Role[]): RequestHandler {
  const wanted: readonly Role[] = typeof roles === 'string' ? [roles] : roles;
  const role = wanted.join(' or ');
  return (req, res, next) => {
    const token = bearerToken(req);
    if (!token) return next(new AppError('unauthorized', 'missing bearer token: send "Authorization: Bearer <token>"'));
    const checks = wanted.map((r) => registry.check(token, r));
    const check = checks.find((c) => c.kind === 'ok') ?? checks[0]!;
    if (check.kind === 'unknown') return next(new AppError('unauthorized', 'unknown token'));
    if (check.kind === 'wrong-role') return next(new AppError('forbidden', `token "${check.label}" is a ${check.role} token; this call needs a ${role} token`));
    res.locals.principal = check.principal;
    res.locals.tokenLabel = check.principal.label;
    const electionId = (req.params as { electionId?: string }).electionId;
    try {
      if (electionId !== undefined) assertScope(res, electionId);
    } catch (error) {
      return next(error);
    }
    next();
  };
}
