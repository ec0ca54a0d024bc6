import { describe, expect, it } from 'vitest';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { ok } from '../helpers/api.ts';
import { useBrowserNight } from '../helpers/browser.ts';
import { define } from '../helpers/test-server.ts';

describe('a private election in the browser', () => {
  let token: string;
  const night = useBrowserNight({
    env: { VIEWER_JWT_SECRET: 'browser-test-viewer-secret-0123456789' },
    async prepare(server) {
      await define(server, 'embargo-2017', { ...iran2017, visibility: 'private' }, seed000);
      token = ok(await server.request('POST', '/api/elections/embargo-2017/viewer-tokens', {}), 'viewer token').body.token;
    },
  });

  it('shows the figures to a link with a viewer token, under the strict CSP', async () => {
    const page = await night.open(`/e/embargo-2017?access_token=${token}`);
    await expect.poll(() => page.locator('[data-candidate="rouhani"] .name').first().textContent()).toBe('Hassan Rouhani');
    await page.goto(`${night.server.url}/graphics/embargo-2017?access_token=${token}`, { waitUntil: 'domcontentloaded' });
    await expect.poll(() => page.locator('html').getAttribute('data-status')).toBe('live');
    expect(night.problems()).toEqual([]);
  });

  it('shows nothing of it without one, and explains why', async () => {
    const page = await night.open('/e/embargo-2017');
    await expect.poll(() => page.locator('#notice').textContent()).toContain('private');
    expect(await page.locator('[data-candidate="rouhani"]').count()).toBe(0);
  });
});
