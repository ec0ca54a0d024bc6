import { z } from 'zod';

/** The body of `POST /api/elections/:electionId/viewer-tokens` (may be `{}`). */
export const ViewerTokenRequestSchema = z.strictObject({
  /** How long the token opens the election, in seconds (1 minute to 7 days; default 12 hours). */
  ttlSeconds: z.int().min(60).max(7 * 24 * 3600).default(12 * 3600),
});
export type ViewerTokenRequest = z.infer<typeof ViewerTokenRequestSchema>;

/** 201 to `POST .../viewer-tokens`: a signed viewer token (JWT) for one private election. */
export const ViewerTokenSchema = z.object({
  electionId: z.string(),
  token: z.string(),
  /** ISO time after which the token is refused with `token_expired`. */
  expiresAt: z.string(),
});
export type ViewerToken = z.infer<typeof ViewerTokenSchema>;
