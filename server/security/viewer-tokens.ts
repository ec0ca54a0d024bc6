import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { ErrorCode } from '../../shared/codes/error-codes.ts';
import { ElectionIdSchema } from '../../shared/schemas/election.schema.ts';
import { AppError } from '../errors/app-error.ts';

/** The `aud` every viewer token carries, so no other JWT signed with the same secret passes for one. */
export const VIEWER_AUDIENCE = 'tallyroom:viewer';

const ClaimsSchema = z.object({ elections: z.array(ElectionIdSchema).min(1).max(100) });

/** Longest life a minted viewer token may ask for: a results night. */
export const MAX_VIEWER_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Signed viewer tokens for private elections: HS256 JWTs with `aud: "tallyroom:viewer"`, an `exp`
 * (required) and `elections: [ids]`. With no secret configured nobody can read a private election.
 */
export function createViewerTokens(secret: string | null, now: () => Date = () => new Date()) {
  const key = secret ? new TextEncoder().encode(secret) : null;

  return {
    enabled: key !== null,
    /** The elections a token opens and when it expires (ms); throws a 401 `unauthorized` or `token_expired` naming what is wrong. */
    async verify(token: string): Promise<{ elections: readonly string[]; expiresAt: number }> {
      if (!key) throw new AppError(ErrorCode.Unauthorized, 'private elections are closed: this server has no VIEWER_JWT_SECRET');
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], audience: VIEWER_AUDIENCE, requiredClaims: ['exp'], currentDate: now() });
        const claims = ClaimsSchema.safeParse(payload);
        if (!claims.success) throw new AppError(ErrorCode.Unauthorized, 'viewer token has no valid "elections" claim');
        return { elections: claims.data.elections, expiresAt: payload.exp! * 1000 };
      } catch (error) {
        if (error instanceof AppError) throw error;
        if (error instanceof errors.JWTExpired) throw new AppError(ErrorCode.TokenExpired, 'viewer token has expired: ask the newsroom for a fresh one');
        throw new AppError(ErrorCode.Unauthorized, 'viewer token is not valid (bad signature, audience or format)');
      }
    },
    /** A token opening `elections` for `ttlSeconds`. */
    async mint(elections: readonly string[], ttlSeconds: number): Promise<{ token: string; expiresAt: string }> {
      if (!key) throw new AppError(ErrorCode.Forbidden, 'set VIEWER_JWT_SECRET to issue viewer tokens');
      const issued = Math.floor(now().getTime() / 1000);
      const exp = issued + ttlSeconds;
      const token = await new SignJWT({ elections: [...elections] })
        .setProtectedHeader({ alg: 'HS256' })
        .setAudience(VIEWER_AUDIENCE)
        .setIssuedAt(issued)
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },
  };
}

export type ViewerTokens = ReturnType<typeof createViewerTokens>;
