import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from './errors/config-error.ts';
import type { Durability } from './store/durability.ts';
import { RateSpecSchema, type RateSpec } from './security/rate-limits.ts';
import { Role, tokenListSchema, tokenDigest, type TokenSpec } from './security/token-spec.ts';

/** `FRAME_ANCESTORS`: who may put the pages in a frame: `'none'`, `'self'` and/or origins. */
const FrameAncestorsSchema = z.string().transform((raw, ctx): string[] => {
  const sources = raw.split(/[\s,]+/).filter(Boolean).map((s) => (s === 'none' || s === 'self' ? `'${s}'` : s));
  const bad = sources.find((s) => s !== "'none'" && s !== "'self'" && !/^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$/.test(s));
  if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `"${bad}" is not 'none', 'self' or an origin like https://cms.example.com` });
  if (sources.includes("'none'") && sources.length > 1) ctx.addIssue({ code: 'custom', message: "'none' cannot be combined with other sources" });
  return sources;
});

/** `CORS_ORIGINS`: `*`, or exact origins separated by commas. */
const OriginsSchema = z.string().transform((raw, ctx): string[] => {
  const origins = raw.split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean);
  const bad = origins.find((o) => o !== '*' && !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(o));
  if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `"${bad}" is not "*" or an origin like https://www.example.com` });
  return origins;
});

/** `TRUST_PROXY`, as express's "trust proxy" takes it: false, true, a hop count, or addresses/subnets. */
const TrustProxySchema = z.string().transform((raw): boolean | number | string => {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return /^\d+$/.test(raw) ? Number(raw) : raw;
});

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
  /** Comma-separated bearer tokens allowed to write, each "label:token", "label:token@e1|e2" (scoped) or a bare token. */
  INGEST_TOKENS: tokenListSchema(Role.Ingest).optional(),
  /** Tokens for the desk calls, in the same syntax as INGEST_TOKENS. */
  DESK_TOKENS: tokenListSchema(Role.Desk).optional(),
  /** A JSON or YAML list of { label, role, sha256, elections? }; re-read on change and on SIGHUP. */
  TOKENS_FILE: z.string().min(1).optional(),
  /** Secret (32 characters at least) that signs viewer tokens (HS256 JWTs) for private elections. */
  VIEWER_JWT_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  /** Writes allowed per token and, separately, per client IP: "N/Ds" or "off". */
  INGEST_RATE_LIMIT: RateSpecSchema.default({ points: 600, seconds: 10 }),
  /** Socket events (subscribe, unsubscribe) allowed per connection: "N/Ds" or "off". */
  SOCKET_EVENT_RATE_LIMIT: RateSpecSchema.default({ points: 100, seconds: 10 }),
  /** Largest socket.io message a client may send (bytes); bigger ones close the connection. */
  SOCKET_MAX_PAYLOAD: z.coerce.number().int().min(1024).max(10_000_000).default(16_384),
  /** Origins allowed to call the API and open sockets from a browser: "*" or a comma list. Unset: same origin only. */
  CORS_ORIGINS: OriginsSchema.optional(),
  /** CSP frame-ancestors of the pages: 'none' (default), 'self' and/or origins that may embed them. */
  FRAME_ANCESTORS: FrameAncestorsSchema.default(["'none'"]),
  /** Which proxies to trust for the client IP (rate limits): false, true, a hop count, or addresses. */
  TRUST_PROXY: TrustProxySchema.default(false),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `production` turns off pretty logs and the generated development token. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** How often each node reports its subscriber counts and pushes audience totals (milliseconds). */
  AUDIENCE_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** `true`: REDIS_URL names one node of a Redis Cluster; the store and the adapter discover the rest. */
  REDIS_CLUSTER: z.enum(['true', 'false']).default('false'),
  /**
   * `host:port,host:port,...`: Redis Sentinels to ask where the primary of REDIS_SENTINEL_NAME is; the
   * store, the adapter and the audience board follow a failover by themselves. REDIS_URL, if set, gives
   * the password and database only (its host is the Sentinels' to say).
   */
  REDIS_SENTINELS: z
    .string()
    .transform((raw, ctx) => {
      const nodes = raw.split(',').map((part) => part.trim()).filter(Boolean).map((part) => /^(.+):(\d{1,5})$/.exec(part));
      if (nodes.length === 0 || nodes.some((m) => !m || Number(m[2]) > 65535)) {
        ctx.addIssue({ code: 'custom', message: 'must be host:port,host:port,... (e.g. 10.0.0.5:26379,10.0.0.6:26379)' });
        return z.NEVER;
      }
      return nodes.map((m) => ({ host: m![1]!, port: Number(m![2]) }));
    })
    .optional(),
  /** The master name the Sentinels monitor (`sentinel monitor <name> ...`). */
  REDIS_SENTINEL_NAME: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be the Sentinels\' master name (letters, digits, . _ -)').default('mymaster'),
  /**
   * What a 201 promises (docs/reliability.md): `memory` (in Redis' memory), `fsync` (on the primary's
   * disk: needs appendonly yes + appendfsync always, checked at start), `replicas` (fsync, and WAIT for
   * REDIS_MIN_REPLICAS replicas within REDIS_WAIT_MS, else 503 outcome_unknown). Needs REDIS_URL.
   */
  DURABILITY: z.enum(['memory', 'fsync', 'replicas']).default('memory'),
  /** `off`: do not check the Redis settings with CONFIG GET (a managed Redis that forbids CONFIG). */
  DURABILITY_CHECK: z.enum(['on', 'off']).default('on'),
  /** `DURABILITY=replicas`: replicas that must have each commit before the 201. */
  REDIS_MIN_REPLICAS: z.coerce.number().int().min(1).max(16).default(1),
  /** `DURABILITY=replicas`: how long a commit may wait for them (milliseconds); below REDIS_COMMAND_TIMEOUT_MS. */
  REDIS_WAIT_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  /** A Redis command not answered within this fails the request with 503 (milliseconds). */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(2000),
  /** At most one push per election room per window (milliseconds); 0 sends every delta as it comes. */
  CONFLATE_MS: z.coerce.number().int().min(0).max(10_000).default(200),
  /**
   * The widest the conflation window may grow while the server is busy (its event loop over 60 %
   * used, e.g. pushes to a very large room): fewer, larger pushes instead of a saturated server.
   * Not below CONFLATE_MS; equal to it: a fixed window.
   */
  CONFLATE_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  /** A reconnecting subscriber further behind than this many versions gets a fresh snapshot instead of a replay. */
  CATCHUP_MAX_DELTAS: z.coerce.number().int().min(0).max(10_000).default(500),
  /** ...or whose missed deltas are older than this (milliseconds). */
  CATCHUP_MAX_AGE_MS: z.coerce.number().int().min(0).default(15 * 60_000),
  /** New socket connections accepted per second by this node (a burst of one second's worth); 0 = no limit. */
  CONNECT_RATE_LIMIT: z.coerce.number().int().min(0).default(0),
  /** A client whose unsent bytes on this node exceed this is cut off (it resyncs when it reads again). */
  SLOW_CLIENT_MAX_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  /** `false` serves WebSocket only: set it behind a load balancer without sticky sessions. */
  ALLOW_POLLING: z.enum(['true', 'false']).default('true'),
  /** On SIGTERM, how long in-flight requests may take before the node stops anyway (milliseconds). */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Public snapshots and feeds: `Cache-Control: max-age` (seconds) for browsers, proxies and CDNs. */
  HTTP_MAX_AGE_S: z.coerce.number().int().min(0).max(3600).default(1),
  /** ...and `stale-while-revalidate` (seconds): a cache may answer stale while one request revalidates. */
  HTTP_STALE_WHILE_REVALIDATE_S: z.coerce.number().int().min(0).max(3600).default(5),
  /** How long a node answers a conditional HTTP read naming the version it last read with 304 from memory, not asking Redis (ms); 0: every read asks. */
  HTTP_CACHE_TRUST_MS: z.coerce.number().int().min(0).max(10_000).default(250),
});

/** The environment variables Tallyroom reads (docker-compose and the README are checked against it). */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape) as ReadonlyArray<keyof typeof EnvSchema.shape>;

export interface Config {
  port: number;
  host: string;
  redisUrl: string | null;
  redisPrefix: string;
  /** Tokens from INGEST_TOKENS and DESK_TOKENS, hashed (the secrets are not kept). */
  tokens: TokenSpec[];
  /** TOKENS_FILE: more tokens, hashed, re-read without a restart. */
  tokensFile: string | null;
  /** Set when no token was configured at all: a random ingest and desk token for this run, printed at start. */
  generatedToken: string | null;
  viewerJwtSecret: string | null;
  ingestRateLimit: RateSpec | null;
  socketEventRateLimit: RateSpec | null;
  socketMaxPayload: number;
  /** Empty: same origin only. */
  corsOrigins: string[];
  frameAncestors: string[];
  trustProxy: boolean | number | string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  env: z.infer<typeof EnvSchema>['NODE_ENV'];
  audienceIntervalMs: number;
  redisCluster: boolean;
  /** REDIS_SENTINELS (null: none) and REDIS_SENTINEL_NAME. */
  redisSentinels: { nodes: Array<{ host: string; port: number }>; name: string } | null;
  /** DURABILITY, DURABILITY_CHECK, REDIS_MIN_REPLICAS, REDIS_WAIT_MS. */
  durability: Durability;
  redisCommandTimeoutMs: number;
  conflateMs: number;
  /** The widest a conflation window may grow under load (≥ conflateMs). */
  conflateMaxMs: number;
  catchUpMaxDeltas: number;
  catchUpMaxAgeMs: number;
  connectRateLimit: number;
  slowClientMaxBytes: number;
  allowPolling: boolean;
  shutdownGraceMs: number;
  /** HTTP_MAX_AGE_S, HTTP_STALE_WHILE_REVALIDATE_S, HTTP_CACHE_TRUST_MS. */
  httpCache: { maxAgeSeconds: number; staleWhileRevalidateSeconds: number; trustMs: number };
}

/** Thrown by `loadConfig` (and by a TOKENS_FILE that does not parse at start-up). */
export { ConfigError };

/** What the Redis and durability settings cannot mean together, naming the variable; null if they fit. */
function redisIssueOf(e: z.infer<typeof EnvSchema>): string | null {
  if (e.REDIS_SENTINELS && e.REDIS_CLUSTER === 'true') return 'REDIS_SENTINELS: a Redis Cluster fails over by itself; set REDIS_SENTINELS or REDIS_CLUSTER=true, not both';
  if (e.DURABILITY !== 'memory' && !e.REDIS_URL && !e.REDIS_SENTINELS) return `DURABILITY: ${e.DURABILITY} needs REDIS_URL (the embedded store keeps nothing on disk)`;
  if (e.DURABILITY === 'replicas' && e.REDIS_CLUSTER === 'true') return 'DURABILITY: replicas is not supported on a Redis Cluster yet (use fsync)';
  if (e.DURABILITY === 'replicas' && e.REDIS_WAIT_MS >= e.REDIS_COMMAND_TIMEOUT_MS) {
    return `REDIS_WAIT_MS: ${e.REDIS_WAIT_MS} must be below REDIS_COMMAND_TIMEOUT_MS (${e.REDIS_COMMAND_TIMEOUT_MS}), or the wait is cut short as a timeout`;
  }
  return null;
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
  const configured = Boolean(e.INGEST_TOKENS || e.DESK_TOKENS || e.TOKENS_FILE);
  if (!configured && e.NODE_ENV === 'production') {
    throw new ConfigError('invalid configuration:\n  INGEST_TOKENS: required when NODE_ENV=production (or DESK_TOKENS, TOKENS_FILE)');
  }
  const redisIssue = redisIssueOf(e);
  if (redisIssue) throw new ConfigError(`invalid configuration:\n  ${redisIssue}`);
  const generatedToken = configured ? null : randomBytes(24).toString('base64url');
  const generated: TokenSpec[] = generatedToken
    ? [Role.Ingest, Role.Desk].map((role) => ({ label: 'dev', role, elections: null, sha256: tokenDigest(generatedToken) }))
    : [];
  return {
    port: e.PORT,
    host: e.HOST,
    // With Sentinels and no REDIS_URL, the URL only says "Redis" (the Sentinels name the host).
    redisUrl: e.REDIS_URL ?? (e.REDIS_SENTINELS ? `redis://${e.REDIS_SENTINEL_NAME}` : null),
    redisPrefix: e.REDIS_PREFIX,
    tokens: [...(e.INGEST_TOKENS ?? []), ...(e.DESK_TOKENS ?? []), ...generated],
    tokensFile: e.TOKENS_FILE ?? null,
    generatedToken,
    viewerJwtSecret: e.VIEWER_JWT_SECRET ?? null,
    ingestRateLimit: e.INGEST_RATE_LIMIT,
    socketEventRateLimit: e.SOCKET_EVENT_RATE_LIMIT,
    socketMaxPayload: e.SOCKET_MAX_PAYLOAD,
    corsOrigins: e.CORS_ORIGINS ?? [],
    frameAncestors: e.FRAME_ANCESTORS,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    env: e.NODE_ENV,
    audienceIntervalMs: e.AUDIENCE_INTERVAL_MS,
    redisCluster: e.REDIS_CLUSTER === 'true',
    redisSentinels: e.REDIS_SENTINELS ? { nodes: e.REDIS_SENTINELS, name: e.REDIS_SENTINEL_NAME } : null,
    durability: { mode: e.DURABILITY, minReplicas: e.REDIS_MIN_REPLICAS, waitMs: e.REDIS_WAIT_MS, check: e.DURABILITY_CHECK === 'on' },
    redisCommandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
    conflateMs: e.CONFLATE_MS,
    conflateMaxMs: Math.max(e.CONFLATE_MS, e.CONFLATE_MAX_MS),
    catchUpMaxDeltas: e.CATCHUP_MAX_DELTAS,
    catchUpMaxAgeMs: e.CATCHUP_MAX_AGE_MS,
    connectRateLimit: e.CONNECT_RATE_LIMIT,
    slowClientMaxBytes: e.SLOW_CLIENT_MAX_BYTES,
    allowPolling: e.ALLOW_POLLING === 'true',
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    httpCache: { maxAgeSeconds: e.HTTP_MAX_AGE_S, staleWhileRevalidateSeconds: e.HTTP_STALE_WHILE_REVALIDATE_S, trustMs: e.HTTP_CACHE_TRUST_MS },
  };
}
