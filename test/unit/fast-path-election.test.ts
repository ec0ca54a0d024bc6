import { describe, expect, it } from 'vitest';
import { fastPathElection } from '../../server/http/bulletin-fast-path.ts';

const req = (method: string, url: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => ({ method, url, headers });

describe('fastPathElection: which requests the bulletin fast path answers', () => {
  it('takes a plain JSON POST of a bulletin, with or without a trailing slash or a UTF-8 charset', () => {
    expect(fastPathElection(req('POST', '/api/elections/iran-2017/bulletins'))).toBe('iran-2017');
    expect(fastPathElection(req('POST', '/api/elections/iran-2017/bulletins/'))).toBe('iran-2017');
    expect(fastPathElection(req('POST', '/api/elections/x/bulletins', { 'content-type': 'application/json; charset=UTF-8' }))).toBe('x');
    expect(fastPathElection(req('POST', '/api/elections/x/bulletins', { 'content-type': 'application/json', 'content-encoding': 'identity' }))).toBe('x');
  });

  it('leaves everything else to express, which answers it fully', () => {
    const others = [
      req('GET', '/api/elections/x/bulletins'),
      req('PUT', '/api/elections/x/bulletins'),
      req('POST', '/api/elections/x/bulletins?since=1'),
      req('POST', '/api/elections/x/bulletins?'),
      req('POST', '/api/elections/Not%20An%20Id/bulletins'),
      req('POST', '/api/elections/x/calls'),
      req('POST', '/api/elections/x/bulletins/extra'),
      req('POST', '/api/elections//bulletins'),
      req('POST', '/api/elections/x/bulletins', {}),
      req('POST', '/api/elections/x/bulletins', { 'content-type': 'text/plain' }),
      req('POST', '/api/elections/x/bulletins', { 'content-type': 'application/json; charset=latin1' }),
      req('POST', '/api/elections/x/bulletins', { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
    ];
    for (const r of others) expect(fastPathElection(r), `${r.method} ${r.url} ${JSON.stringify(r.headers)}`).toBeNull();
  });
});
