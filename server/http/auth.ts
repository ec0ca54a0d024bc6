import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { IngestToken } from '../config.ts';
import { AppError } from '../errors/app-error.ts';

const digest = (token: string) => createHash('sha256').update(token).digest();

/**
 * Checks bearer tokens against the configured ones. Tokens are kept only as SHA-256 digests and
 * compared in constant time, every one of them, so timing says nothing about which one nearly matched.
 */
export function createTokenVerifier(tokens: readonly IngestToken[]) {
  const known = tokens.map((t) => ({ label: t.label, digest: digest(t.token) }));
  return function verify(presented: string): string | null {
    const candidate = digest(presented);
    let label: string | null = null;
    for (const k of known) if (timingSafeEqual(k.digest, candidate)) label ??= k.label;
    return label;
  };
}

/** The label of the token that authenticated this request (set by `requireToken`). */
export function tokenLabel(res: { locals: Record<string, unknown> }): string {
  return String(res.locals.tokenLabel ?? 'unknown');
}

/** A token that is known but not admitted here: answered 403 with `message` instead of 401. */
export interface OtherTokens {
  verify: (token: string) => string | null;
  message: string;
}

/**
 * Express middleware: 401 unless `Authorization: Bearer <token>` names a configured token. With `others`,
 * a token of that other list (an ingest token on a desk route) gets 403 `forbidden` and says why.
 */
export function requireToken(verify: (token: string) => string | null, others?: OtherTokens): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      next(new AppError('unauthorized', 'missing bearer token: send "Authorization: Bearer <token>"'));
      return;
    }
    const label = verify(match[1]!);
    if (!label) {
      next(others?.verify(match[1]!) ? new AppError('forbidden', others.message) : new AppError('unauthorized', 'unknown token'));
      return;
    }
    res.locals.tokenLabel = label;
    next();
  };
}
