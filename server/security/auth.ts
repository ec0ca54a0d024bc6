import type { Request, Response } from 'express';
import { ErrorCode } from '../../shared/codes/error-codes.ts';
import { AppError } from '../errors/app-error.ts';
import { inScope, type Principal, type TokenRegistry } from './token-registry.ts';
import type { Role } from './token-spec.ts';

/** The bearer token of a request, or null when there is none. */
export function bearerToken(req: Request): string | null {
  return bearerFrom(req.get('authorization'));
}

/** The bearer token of an `Authorization` header's value, or null. */
export function bearerFrom(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match ? match[1]! : null;
}

/** The label of the token that authenticated this request (set by `rememberPrincipal`). */
export function tokenLabel(res: { locals: Record<string, unknown> }): string {
  return String(res.locals.tokenLabel ?? 'unknown');
}

/** Where a token of each role comes from, so a 403 says what to set. */
const ROLE_SOURCES: Partial<Record<string, string>> = {
  desk: ' (set DESK_TOKENS, or a TOKENS_FILE entry with role "desk")',
  ingest: ' (set INGEST_TOKENS, or a TOKENS_FILE entry with role "ingest")',
};

/**
 * The principal behind an `Authorization` header, for a call that needs one of `wanted` roles on
 * `electionId` (when the route has one). Throws 401 without a known bearer token, 403 for another role
 * or a scope that leaves the election out. Shared by express routes and the bulletin fast path.
 */
export function authenticate(registry: Pick<TokenRegistry, 'check'>, authorization: string | undefined, wanted: readonly Role[], electionId?: string): Principal {
  const token = bearerFrom(authorization);
  if (!token) throw new AppError(ErrorCode.Unauthorized, 'missing bearer token: send "Authorization: Bearer <token>"');
  const checks = wanted.map((r) => registry.check(token, r));
  const check = checks.find((c) => c.kind === 'ok') ?? checks[0]!;
  if (check.kind === 'unknown') throw new AppError(ErrorCode.Unauthorized, 'unknown token');
  if (check.kind === 'wrong-role') {
    const role = wanted.join(' or ');
    throw new AppError(ErrorCode.Forbidden, `token "${check.label}" is a ${check.role} token; this call needs a ${role} token${ROLE_SOURCES[role] ?? ''}`);
  }
  const principal = check.principal;
  if (electionId !== undefined && !inScope(principal, electionId)) {
    throw new AppError(ErrorCode.Forbidden, `token "${principal.label}" may not act on election "${electionId}" (its scope: ${principal.elections!.join(', ')})`);
  }
  return principal;
}

/** Records the authenticated principal on the response (`tokenLabel` reads its label). */
export function rememberPrincipal(res: Response, principal: Principal): void {
  res.locals.principal = principal;
  res.locals.tokenLabel = principal.label;
}
