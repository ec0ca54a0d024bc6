import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NGINX_CACHE_CONF, rewriteCacheConf } from '../../bench/infra/nginx.ts';
import { originLoad } from '../../bench/lib/pollers.ts';

describe('the proxy phase: the deploy example as run, and what reached the origin', () => {
  it('rewrites only the port, the upstreams and the paths of deploy/nginx-cache.conf', () => {
    const conf = readFileSync(NGINX_CACHE_CONF, 'utf8');
    const run = rewriteCacheConf(conf, { port: 18080, upstreams: ['127.0.0.1:3001'], dir: '/tmp/x' });
    expect(run).toContain('listen 127.0.0.1:18080;');
    expect(run).toContain('server 127.0.0.1:3001 max_fails=3 fail_timeout=10s;');
    expect(run).not.toContain('tallyroom-1:3000');
    expect(run).toContain('proxy_cache_path /tmp/x/cache ');
    expect(run).toContain('pid /tmp/x/nginx.pid;');
    // The caching itself is as written.
    for (const line of ['proxy_cache_lock on;', 'proxy_cache_use_stale updating error timeout http_502 http_503 http_504;', 'proxy_cache_revalidate on;', 'proxy_no_cache $http_authorization $arg_access_token;']) expect(run).toContain(line);
    expect(() => rewriteCacheConf(conf.replace('listen 80;', 'listen 8080;'), { port: 1, upstreams: ['a:1'], dir: '/d' })).toThrow(/changed shape/);
  });

  it('counts the requests of the elections that reached the origin (revalidations included), per election and second', () => {
    const line = (cache: string, uri: string, origin: boolean) => ({ cache, status: 200, uri, origin });
    const log = [
      line('MISS', '/api/elections/a', true),
      ...Array.from({ length: 98 }, () => line('HIT', '/api/elections/a/deltas?since=1&epoch=e', false)),
      line('REVALIDATED', '/api/elections/a/deltas?since=1&epoch=e', true),
      line('HIT', '/api/elections/other', false),
      line('-', '/healthz', true),
    ];
    expect(originLoad(log, ['a'], 2)).toEqual({ originRequests: 2, perElectionPerSec: 1 });
  });
});
