import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** One ingest token: who it is (the label shown in the bulletin history) and the secret itself. */
export interface IngestToken {
  label: string;
  token: string;
}

const TokenListSchema = z
  .string()
  .transform((raw, ctx): IngestToken[] => {
    const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
    return entries.flatMap((entry, i) => {
      // "label:token" names a token; a bare token is labelled by its position.
      const colon = entry.indexOf(':');
      const label = colon > 0 ? entry.slice(0, colon) : `token-${i + 1}`;
      const token = colon > 0 ? entry.slice(colon + 1) : entry;
      if (token.length < 16) {
        ctx.addIssue({ code: 'custom', message: `token "${label}" is shorter than 16 characters` });
        return [];
      }
      return [{ label, token }];
    });
  })
  .refine((tokens) => tokens.length > 0, { error: 'lists no token' });

/** Every setting, its default, and the variable it comes from. The README's table mirrors this. */
const EnvSchema = z.object({
  /** HTTP and socket.io port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** The Redis to use; unset means the embedded in-memory store (nothing survives a restart). */
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  /** Prefix of every Redis key this server writes. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, { error: 'must be 1-64 characters of letters, digits, ":", "_" or "-"' })
    .default('tallyroom:'),
  /** Comma-separated bearer tokens allowed to write, each "label:token" or a bare token. */
  INGEST_TOKENS: TokenListSchema.optional(),
  /**
   * Comma-separated decision-desk tokens (same form), the only ones allowed to make calls; the label is
   * the `calledBy` pages show. Unset: calls take the generated development token when there is one,
   * and are refused otherwise.
   */
  DESK_TOKENS: TokenListSchema.optional(),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `production` turns off pretty logs and the generated development token. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** How often each node reports its subscriber counts and pushes audience totals (milliseconds). */
  AUDIENCE_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
});

/** The environment variables Tallyroom reads (docker-compose and the README are checked against it). */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape) as ReadonlyArray<keyof typeof EnvSchema.shape>;

export interface Config {
  port: number;
  host: string;
  redisUrl: string | null;
  redisPrefix: string;
  ingestTokens: IngestToken[];
  /** Tokens allowed to make desk calls; empty means desk calls are refused. */
  deskTokens: IngestToken[];
  /** Set when no INGEST_TOKENS was given: a random token for this run, printed at start. */
  generatedToken: string | null;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  env: z.infer<typeof EnvSchema>['NODE_ENV'];
  audienceIntervalMs: number;
}

/** A configuration value that stops start-up; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once. Nothing else in the server reads `process.env`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "unset", as in most shells' `FOO= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (!e.INGEST_TOKENS && e.NODE_ENV === 'production') {
    throw new ConfigError('invalid configuration:\n  INGEST_TOKENS: required when NODE_ENV=production');
  }
  const generatedToken = e.INGEST_TOKENS ? null : randomBytes(24).toString('base64url');
  return {
    port: e.PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL ?? null,
    redisPrefix: e.REDIS_PREFIX,
    ingestTokens: e.INGEST_TOKENS ?? [{ label: 'dev', token: generatedToken! }],
    // The development token may call too, so a fresh checkout's console and demo can try every route.
    deskTokens: e.DESK_TOKENS ?? (generatedToken ? [{ label: 'dev', token: generatedToken }] : []),
    generatedToken,
    logLevel: e.LOG_LEVEL,
    env: e.NODE_ENV,
    audienceIntervalMs: e.AUDIENCE_INTERVAL_MS,
  };
}
