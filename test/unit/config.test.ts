import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { tokenDigest } from '../../server/security/token-spec.ts';

describe('loadConfig', () => {
  it('has defaults for everything, and generates a development token', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '0.0.0.0', redisUrl: null, redisPrefix: 'tallyroom:', env: 'development' });
    expect(config.generatedToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(config.tokens).toEqual([
      { label: 'dev', role: 'ingest', elections: null, sha256: tokenDigest(config.generatedToken!) },
      { label: 'dev', role: 'desk', elections: null, sha256: tokenDigest(config.generatedToken!) },
    ]);
  });

  it('caches public reads for a second, stale for five while revalidated, and trusts a read version for 250 ms', () => {
    expect(loadConfig({}).httpCache).toEqual({ maxAgeSeconds: 1, staleWhileRevalidateSeconds: 5, trustMs: 250 });
    expect(loadConfig({ HTTP_MAX_AGE_S: '10', HTTP_STALE_WHILE_REVALIDATE_S: '0', HTTP_CACHE_TRUST_MS: '0' }).httpCache).toEqual({ maxAgeSeconds: 10, staleWhileRevalidateSeconds: 0, trustMs: 0 });
  });

  it('reads labelled and bare tokens', () => {
    const config = loadConfig({ INGEST_TOKENS: 'desk:0123456789abcdef0123, fedcba9876543210fedc' });
    expect(config.tokens).toEqual([
      { label: 'desk', role: 'ingest', elections: null, sha256: tokenDigest('0123456789abcdef0123') },
      { label: 'token-2', role: 'ingest', elections: null, sha256: tokenDigest('fedcba9876543210fedc') },
    ]);
    expect(config.generatedToken).toBeNull();
  });

  it('reads desk tokens in the same form; unset, they are the development token or none', () => {
    const desk = (c: ReturnType<typeof loadConfig>) => c.tokens.filter((t) => t.role === 'desk');
    const config = loadConfig({ INGEST_TOKENS: 'desk:0123456789abcdef0123', DESK_TOKENS: 'ap:abcdefabcdefabcdef01' });
    expect(desk(config)).toEqual([{ label: 'ap', role: 'desk', elections: null, sha256: tokenDigest('abcdefabcdefabcdef01') }]);
    expect(desk(loadConfig({ INGEST_TOKENS: 'desk:0123456789abcdef0123' }))).toEqual([]);
    const dev = loadConfig({});
    expect(desk(dev)).toEqual([{ label: 'dev', role: 'desk', elections: null, sha256: tokenDigest(dev.generatedToken!) }]);
  });

  it.each([
    [{ DESK_TOKENS: 'ap:short' }, 'DESK_TOKENS'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ REDIS_URL: 'http://localhost:6379' }, 'REDIS_URL'],
    [{ INGEST_TOKENS: 'short' }, 'INGEST_TOKENS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ HTTP_MAX_AGE_S: '-1' }, 'HTTP_MAX_AGE_S'],
    [{ HTTP_STALE_WHILE_REVALIDATE_S: 'soon' }, 'HTTP_STALE_WHILE_REVALIDATE_S'],
    [{ HTTP_CACHE_TRUST_MS: '60000' }, 'HTTP_CACHE_TRUST_MS'],
    [{ NODE_ENV: 'production' }, 'INGEST_TOKENS'],
    [{ INGEST_TOKENS: 'desk:0123456789abcdef0123@Bad_Id' }, 'INGEST_TOKENS'],
    [{ DESK_TOKENS: 'short' }, 'DESK_TOKENS'],
    [{ VIEWER_JWT_SECRET: 'too-short' }, 'VIEWER_JWT_SECRET'],
    [{ INGEST_RATE_LIMIT: 'lots' }, 'INGEST_RATE_LIMIT'],
    [{ SOCKET_EVENT_RATE_LIMIT: '0/10s' }, 'SOCKET_EVENT_RATE_LIMIT'],
    [{ CORS_ORIGINS: 'example.com' }, 'CORS_ORIGINS'],
    [{ FRAME_ANCESTORS: 'none https://cms.example.com' }, 'FRAME_ANCESTORS'],
  ])('stops on %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^invalid configuration:\\n  ${variable}: `));
  });

  it('reads scoped tokens, desk tokens and the security settings', () => {
    const config = loadConfig({
      INGEST_TOKENS: 'wire:0123456789abcdef0123@paris-2026|lyon-2026',
      DESK_TOKENS: 'anchor:fedcba9876543210fedc',
      INGEST_RATE_LIMIT: 'off',
      SOCKET_EVENT_RATE_LIMIT: '20/1m',
      CORS_ORIGINS: 'https://www.example.com/, https://cms.example.com',
      FRAME_ANCESTORS: "self https://cms.example.com",
      TRUST_PROXY: '1',
    });
    expect(config.tokens).toEqual([
      { label: 'wire', role: 'ingest', elections: ['paris-2026', 'lyon-2026'], sha256: tokenDigest('0123456789abcdef0123') },
      { label: 'anchor', role: 'desk', elections: null, sha256: tokenDigest('fedcba9876543210fedc') },
    ]);
    expect(config).toMatchObject({
      ingestRateLimit: null,
      socketEventRateLimit: { points: 20, seconds: 60 },
      corsOrigins: ['https://www.example.com', 'https://cms.example.com'],
      frameAncestors: ["'self'", 'https://cms.example.com'],
      trustProxy: 1,
      generatedToken: null,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ REDIS_URL: '', PORT: '' })).toMatchObject({ redisUrl: null, port: 3000 });
  });
});
