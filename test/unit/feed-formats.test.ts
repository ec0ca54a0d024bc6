import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { encodeFeed, FEED_FIELDS } from '../../server/http/feed-formats.ts';
import { cacheControl, noneMatch, versionTag } from '../../server/http/http-cache.ts';
import type { FeedRow } from '../../shared/schemas/feed.schema.ts';

const row: FeedRow = {
  rank: 1, id: 'a', name: 'Ann "the\r\nfirst", & <co>\u0007', party: null, color: '#112233', votes: 10, share: 50, votesChange: null,
  elected: false, leading: true, runoff: false, votesText: '10', shareText: '50.0%', votesChangeText: '', electionId: 'e', round: 1,
  status: 'leading', percentCounted: null, percentCountedText: '', final: false, updatedAt: '2024-07-06T06:00:00.000Z', version: 3, mode: 'live',
};

describe('feed formats', () => {
  it('XML drops characters XML 1.0 cannot carry and escapes markup', () => {
    const xml = encodeFeed('xml', [row], { electionId: 'e', version: 3 });
    expect(xml).toContain('<name>Ann &quot;the\r\nfirst&quot;, &amp; &lt;co&gt;</name>');
    expect(xml).toContain('<party></party>');
    expect(xml).not.toContain('\u0007');
  });

  it('CSV quotes a field with a quote, a comma or a bare line break, and reads back the same', () => {
    const csv = encodeFeed('csv', [row, { ...row, name: 'line\nbreak' }], { electionId: 'e', version: 3 });
    expect(csv.split('\r\n')[0]).toBe(FEED_FIELDS.join(','));
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.name)).toEqual([row.name, 'line\nbreak']);
    expect(records[0]).toMatchObject({ party: '', votesChange: '', leading: 'true' });
  });

  it('JSON is the array of rows', () => {
    expect(JSON.parse(encodeFeed('json', [row], { electionId: 'e', version: 3 }))).toEqual([row]);
  });
});

describe('If-None-Match (RFC 9110 13.1.2)', () => {
  const tag = versionTag({ epoch: 'YJlIbGxcDAJL', version: 3 }, 'json');
  it('matches the tag in a list, weakly, or *', () => {
    expect(noneMatch(tag, tag)).toBe(true);
    expect(noneMatch(`"other", W/${tag}`, tag)).toBe(true);
    expect(noneMatch('*', tag)).toBe(true);
  });
  it('does not match another tag or no header', () => {
    expect(noneMatch(versionTag({ epoch: 'YJlIbGxcDAJL', version: 4 }, 'json'), tag)).toBe(false);
    expect(noneMatch(versionTag({ epoch: 'other', version: 3 }, 'json'), tag)).toBe(false);
    expect(noneMatch(undefined, tag)).toBe(false);
    expect(noneMatch('', tag)).toBe(false);
  });
});

describe('version tags and Cache-Control', () => {
  it('a tag is the epoch, the version and the parts, in characters an ETag may hold', () => {
    expect(versionTag({ epoch: 'YJlIbGxcDAJL', version: 3 })).toBe('"YJlIbGxcDAJL.3"');
    expect(versionTag({ epoch: 'e', version: 12 }, 'csv', 'latest', 'fa-IR')).toBe('"e.12.csv.latest.fa-IR"');
    // A quote or a space would end or break the tag.
    expect(versionTag({ epoch: 'e', version: 1 }, 'a "b" c')).toBe('"e.1.a__b__c"');
  });
  it('public answers may be kept and served stale while revalidated; private ones are never stored', () => {
    expect(cacheControl({ maxAgeSeconds: 1, staleWhileRevalidateSeconds: 5, private: false })).toBe('public, max-age=1, stale-while-revalidate=5');
    expect(cacheControl({ maxAgeSeconds: 1, staleWhileRevalidateSeconds: 5, private: true })).toBe('private, no-store');
  });
});
