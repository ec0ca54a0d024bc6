import { SignJWT } from 'jose';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEED_FIELDS } from '../../server/http/feed-formats.ts';
import { VIEWER_AUDIENCE } from '../../server/security/viewer-tokens.ts';
import { iran2017Fa } from '../fixtures/persian.ts';
import { iran2017, iran2024, round1Final2024, seed000, seed001, seed002 } from '../fixtures/seeds.ts';
import { define, TEST_TOKEN, useTestServer } from '../helpers/test-server.ts';

const SECRET = 'viewer-secret-for-feeds-0123456789abcdef';

function viewerToken(elections: string[]): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ elections }).setProtectedHeader({ alg: 'HS256' }).setAudience(VIEWER_AUDIENCE).setIssuedAt(now).setExpirationTime(now + 600).sign(new TextEncoder().encode(SECRET));
}

describe('broadcast feeds: GET /feeds/:electionId.json|.xml|.csv', () => {
  const server = useTestServer({ env: { VIEWER_JWT_SECRET: SECRET } });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

  beforeAll(async () => {
    // Iran 2017: seed 000 (the first Interior Ministry briefing), then seed 002 (the final figures).
    await define(server, 'feed-2017', { ...iran2017, candidates: iran2017.candidates.map((c) => (c.id === 'hashemi-taba' ? { ...c, party: 'Hashemi, "Taba" & <Sons>' } : c)) }, seed000, seed002);
    await define(server, 'feed-2017-fa', iran2017Fa, seed000);
    await define(server, 'feed-2024', iran2024, round1Final2024, seed001);
    await define(server, 'feed-empty', iran2017);
    await define(server, 'feed-private', { ...iran2017, visibility: 'private' }, seed000);
  });

  it('JSON: a top-level array, one row per candidate, raw figures beside their texts (Iran 2017, Interior Ministry final figures, seed 002)', async () => {
    const res = await get('/feeds/feed-2017.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const rows = await res.json();
    expect(Array.isArray(rows)).toBe(true);
    expect(rows.map((r: { id: string }) => r.id)).toEqual(['rouhani', 'raisi', 'mirsalim', 'hashemi-taba']);
    expect(Object.keys(rows[0])).toEqual(FEED_FIELDS);
    expect(rows[0]).toMatchObject({
      rank: 1,
      name: 'Hassan Rouhani',
      party: 'Moderation and Development',
      color: '#7b2cbf',
      votes: 23_500_000,
      // 23.5 million of the 39,736,407 the four candidates have (omitted votes carry forward).
      share: 59.14,
      votesChange: 8_881_000,
      votesText: '23,500,000',
      shareText: '59.1%',
      votesChangeText: '+8,881,000',
      elected: true,
      leading: true,
      runoff: false,
      round: 1,
      status: 'final',
      final: true,
      percentCountedText: '100%',
      version: 2,
      mode: 'live',
      electionId: 'feed-2017',
    });
    expect(rows[1]).toMatchObject({ rank: 2, id: 'raisi', votes: 15_800_000, votesChange: 5_675_000, elected: false, leading: false });
    // Mirsalim was not in seed 002: his figure carries forward, unchanged.
    expect(rows[2]).toMatchObject({ rank: 3, votes: 297_276, votesChange: 0, votesChangeText: '0', votesText: '297,276' });
  });

  it('ETag and 304: an unchanged feed costs no body; a new bulletin changes the tag', async () => {
    const first = await get('/feeds/feed-2024.json');
    const etag = first.headers.get('etag');
    // The epoch and version, the format, the round shown (the latest) and the locale.
    expect(etag).toMatch(/^"[\w-]+\.2\.json\.latest\.en"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=5');
    const again = await get('/feeds/feed-2024.json', { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    // Another format is another body: its own tag.
    const xml = await get('/feeds/feed-2024.xml', { 'if-none-match': etag! });
    expect(xml.status).toBe(200);
    expect(xml.headers.get('etag')).not.toBe(etag);

    const later = await server.request('POST', '/api/elections/feed-2024/bulletins', { ...seed001, id: 'r2-later', issuedAt: '2024-07-06T07:00:00+03:30', ballotsCounted: 22_000_000, votes: { pezeshkian: 12_000_000, jalili: 10_000_000 } });
    expect(later.status).toBe(201);
    const changed = await get('/feeds/feed-2024.json', { 'if-none-match': etag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await changed.json())[0]).toMatchObject({ id: 'pezeshkian', votes: 12_000_000, votesChange: 1_000_000 });
  });

  it('per round: the first round of 2024 with its four candidates and the runoff pair, the runoff with two (seed 001)', async () => {
    const first = await (await get('/feeds/feed-2024/rounds/1.json')).json();
    expect(first.map((r: { id: string }) => r.id)).toEqual(['pezeshkian', 'jalili', 'ghalibaf', 'pourmohammadi']);
    expect(first.map((r: { runoff: boolean }) => r.runoff)).toEqual([true, true, false, false]);
    expect(first[0]).toMatchObject({ round: 1, votes: 10_415_991, votesText: '10,415,991', elected: false, final: true });
    const runoff = await (await get('/feeds/feed-2024/rounds/2.csv')).text();
    const records = parse(runoff, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => [r.id, r.round])).toEqual([
      ['pezeshkian', '2'],
      ['jalili', '2'],
    ]);
  });

  it('XML: one <candidate> per row, each field an element, text escaped', async () => {
    const res = await get('/feeds/feed-2017.xml');
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = await res.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<results electionId="feed-2017" version="2">')).toBe(true);
    const candidates = [...xml.matchAll(/<candidate>([\s\S]*?)<\/candidate>/g)].map((m) => m[1]!);
    expect(candidates).toHaveLength(4);
    expect(candidates[0]).toContain('<votes>23500000</votes>');
    expect(candidates[0]).toContain('<votesText>23,500,000</votesText>');
    expect(candidates[0]).toContain('<elected>true</elected>');
    expect(candidates[3]).toContain('<party>Hashemi, &quot;Taba&quot; &amp; &lt;Sons&gt;</party>');
    // Every field of the schema, in order, in every row.
    for (const c of candidates) expect([...c.matchAll(/<(\w+)>/g)].map((m) => m[1])).toEqual(FEED_FIELDS);
  });

  it('CSV: a header and one line per row, RFC 4180 quoting that csv-parse reads back', async () => {
    const res = await get('/feeds/feed-2017.csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe(FEED_FIELDS.join(','));
    expect(text).toContain('"Hashemi, ""Taba"" & <Sons>"');
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(4);
    expect(records[0]).toMatchObject({ rank: '1', id: 'rouhani', votes: '23500000', votesText: '23,500,000', shareText: '59.1%', elected: 'true' });
    expect(records[3]!.party).toBe('Hashemi, "Taba" & <Sons>');
  });

  it('a Persian election: names and figures in Persian, Latin digits on request (seed 000 in Persian)', async () => {
    const rows = await (await get('/feeds/feed-2017-fa.json')).json();
    // Intl puts a left-to-right mark before the sign, so "+" stays on the figure's left in a right-to-left line.
    expect(rows[0]).toMatchObject({ name: 'حسن روحانی', votes: 14_619_000, votesText: '۱۴٬۶۱۹٬۰۰۰', shareText: '۵۸٫۱٪', votesChangeText: '\u200e+۱۴٬۶۱۹٬۰۰۰', percentCountedText: '۶۲٪' });
    const csv = parse(await (await get('/feeds/feed-2017-fa.csv')).text(), { columns: true }) as Record<string, string>[];
    expect(csv[1]).toMatchObject({ name: 'ابراهیم رئیسی', votesText: '۱۰٬۱۲۵٬۰۰۰' });
    const latin = await (await get('/feeds/feed-2017-fa.json?lang=fa-u-nu-latn')).json();
    expect(latin[0]).toMatchObject({ name: 'حسن روحانی', votesText: '14,619,000' });
    // An English election read in Persian on request.
    expect((await (await get('/feeds/feed-2017.json?lang=fa')).json())[0].votesText).toBe('۲۳٬۵۰۰٬۰۰۰');
  });

  it('before the first bulletin: every candidate at zero, in the definition order', async () => {
    const rows = await (await get('/feeds/feed-empty.json')).json();
    expect(rows.map((r: { id: string; votes: number }) => [r.id, r.votes])).toEqual(iran2017.candidates.map((c) => [c.id, 0]));
    expect(rows[0]).toMatchObject({ rank: 1, status: 'too-early', percentCounted: null, percentCountedText: '', votesChange: null, votesChangeText: '', version: 0 });
    expect(await (await get('/feeds/feed-empty/rounds/2.json')).json()).toEqual([]);
  });

  it('a private election opens with ?access_token= only, and only for its own viewer token', async () => {
    const refused = await get('/feeds/feed-private.json');
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('unauthorized');
    const other = await get(`/feeds/feed-private.xml?access_token=${await viewerToken(['feed-2017'])}`);
    expect(other.status).toBe(403);
    expect((await other.json()).error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('feed-private') });
    const forged = await get('/feeds/feed-private.csv?access_token=not-a-jwt');
    expect(forged.status).toBe(401);

    const opened = await get(`/feeds/feed-private.json?access_token=${await viewerToken(['feed-private'])}`);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('cache-control')).toBe('private, no-store');
    expect((await opened.json())[0]).toMatchObject({ id: 'rouhani', votes: 14_619_000 });
    // The newsroom's own token opens it too, as for every read.
    expect((await get('/feeds/feed-private.json', { authorization: `Bearer ${TEST_TOKEN}` })).status).toBe(200);
  });

  it('bad requests: an unknown election or format is 404, a round out of range 400 naming it', async () => {
    const unknown = await get('/feeds/no-such-night.json');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('not_found');
    expect((await get('/feeds/feed-2017.txt')).status).toBe(404);
    expect((await get('/feeds/Bad_Id.json')).status).toBe(404);
    const round = await get('/feeds/feed-2024/rounds/3.json');
    expect(round.status).toBe(400);
    expect((await round.json()).error).toMatchObject({ code: 'validation_failed', issues: [expect.objectContaining({ path: 'round' })] });
  });
});
