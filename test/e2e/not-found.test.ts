import { describe, expect, it } from 'vitest';
import { iran2017 } from '../fixtures/seeds.ts';
import { useBrowserNight } from '../helpers/browser.ts';
import { define } from '../helpers/test-server.ts';

/** What a person and a program each get for an address that leads nowhere (against the built pages). */
describe('unknown addresses', () => {
  const night = useBrowserNight({ prepare: (server) => define(server, 'iran-2017', iran2017) });

  it('a browser gets the HTML not-found page with a 404, under the strict CSP', async () => {
    const page = await night.page();
    const res = await page.goto(`${night.server.url}/no/such/page`, { waitUntil: 'load' });
    expect(res?.status()).toBe(404);
    expect(res?.headers()['content-type']).toMatch(/^text\/html/);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    expect(await page.locator('main a[href="/"]').count()).toBe(1);
    expect(night.problems()).toEqual([]);
  });

  it.each([
    ['an API client asking for JSON', '/no/such/page', { accept: 'application/json' }],
    ['curl (*/*)', '/no/such/page', { accept: '*/*' }],
    ['a browser under /api', '/api/no/such/route', { accept: 'text/html,*/*;q=0.8' }],
    ['a JSON client under /api', '/api/elections/iran-2017/nothing', { accept: 'application/json' }],
  ])('%s gets the JSON error body with a 404', async (_who, path, headers) => {
    const res = await fetch(`${night.server.url}${path}`, { headers });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining(path) } });
  });

  it('a POST to an unknown page path is a JSON 404, never a page', async () => {
    const res = await fetch(`${night.server.url}/nowhere`, { method: 'POST', headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('the ticker for an election that does not exist says so, in words', async () => {
    const page = await night.open('/e/unknown-election');
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/There is no election “unknown-election”/);
    expect(await page.locator('h1').textContent()).toBe('No such election');
    expect(await page.locator('#notice').isVisible()).toBe(true);
    expect(await page.locator('.round').count()).toBe(0);
    expect(night.problems()).toEqual([]);
  });
});
