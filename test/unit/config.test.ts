import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('loadConfig', () => {
  it('has defaults for everything, and generates a development token', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '0.0.0.0', redisUrl: null, redisPrefix: 'tallyroom:', env: 'development' });
    expect(config.generatedToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(config.ingestTokens).toEqual([{ label: 'dev', token: config.generatedToken }]);
  });

  it('reads labelled and bare tokens', () => {
    const config = loadConfig({ INGEST_TOKENS: 'desk:0123456789abcdef0123, fedcba9876543210fedc' });
    expect(config.ingestTokens).toEqual([
      { label: 'desk', token: '0123456789abcdef0123' },
      { label: 'token-2', token: 'fedcba9876543210fedc' },
    ]);
    expect(config.generatedToken).toBeNull();
  });

  it('reads desk tokens in the same form; unset, they are the development token or none', () => {
    const config = loadConfig({ INGEST_TOKENS: 'desk:0123456789abcdef0123', DESK_TOKENS: 'ap:abcdefabcdefabcdef01' });
    expect(config.deskTokens).toEqual([{ label: 'ap', token: 'abcdefabcdefabcdef01' }]);
    expect(loadConfig({ INGEST_TOKENS: 'desk:0123456789abcdef0123' }).deskTokens).toEqual([]);
    const dev = loadConfig({});
    expect(dev.deskTokens).toEqual([{ label: 'dev', token: dev.generatedToken }]);
  });

  it.each([
    [{ DESK_TOKENS: 'ap:short' }, 'DESK_TOKENS'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ REDIS_URL: 'http://localhost:6379' }, 'REDIS_URL'],
    [{ INGEST_TOKENS: 'short' }, 'INGEST_TOKENS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NODE_ENV: 'production' }, 'INGEST_TOKENS'],
  ])('stops on %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^invalid configuration:\\n  ${variable}: `));
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ REDIS_URL: '', PORT: '' })).toMatchObject({ redisUrl: null, port: 3000 });
  });
});
