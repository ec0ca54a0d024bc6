import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { ok, startRestartableServer } from '../helpers/restartable-server.ts';

describe('a private election in the browser', () => {
  let server: Awaited<ReturnType<typeof startRestartableServer>>;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    server = await startRestartableServer({ VIEWER_JWT_SECRET: 'browser-test-viewer-secret-0123456789' });
    ok(await server.request('PUT', '/api/elections/embargo-2017', { ...iran2017, visibility: 'private' }), 'define');
    ok(await server.request('POST', '/api/elections/embargo-2017/bulletins', seed000), 'bulletin');
    const minted = await server.request('POST', '/api/elections/embargo-2017/viewer-tokens', {});
    ok(minted, 'viewer token');
    token = minted.body.token;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the figures to a link with a viewer token, under the strict CSP', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${server.url}/e/embargo-2017?access_token=${token}`, { waitUntil: 'domcontentloaded' });
    await expect.poll(() => page.locator('[data-candidate="rouhani"] .name').first().textContent()).toBe('Hassan Rouhani');
    await page.goto(`${server.url}/graphics/embargo-2017?access_token=${token}`, { waitUntil: 'domcontentloaded' });
    await expect.poll(() => page.locator('html').getAttribute('data-status')).toBe('live');
    expect(problems).toEqual([]);
  });

  it('shows nothing of it without one, and explains why', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${server.url}/e/embargo-2017`, { waitUntil: 'domcontentloaded' });
    await expect.poll(() => page.locator('#notice').textContent()).toContain('private');
    expect(await page.locator('[data-candidate="rouhani"]').count()).toBe(0);
  });
});
