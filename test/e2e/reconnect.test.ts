import { describe, expect, it } from 'vitest';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { ok } from '../helpers/api.ts';
import { useBrowserNight } from '../helpers/browser.ts';
import { define } from '../helpers/test-server.ts';

describe('when the server goes away and comes back', () => {
  const night = useBrowserNight({ prepare: (server) => define(server, 'iran-2017', iran2017, seed000) });

  it('the ticker shows reconnecting and a stale banner, then live again with what was missed; graphics keep their figures', async () => {
    const ticker = await night.open('/e/iran-2017');
    const graphics = await night.open('/graphics/iran-2017?layout=lower-third', { viewport: { width: 1920, height: 1080 } });
    await ticker.locator('#connection[data-state="live"]').waitFor();
    await graphics.locator('html[data-status="live"]').waitFor();
    expect(await ticker.locator('#stale').isHidden()).toBe(true);

    await night.server.stop();
    await ticker.locator('#connection[data-state="reconnecting"]').waitFor({ timeout: 10_000 });
    expect(await ticker.locator('#connection').textContent()).toBe('Reconnecting…');
    await ticker.locator('#stale').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await ticker.locator('#stale').textContent()).toMatch(/Connection lost/);
    // On air nothing changes: the last confirmed figures stay, the status goes to the operator only.
    await graphics.locator('html[data-status="reconnecting"]').waitFor({ timeout: 10_000 });
    expect(await graphics.locator('[data-candidate="rouhani"] .g-votes').textContent()).toBe('14,619,000');
    expect(await graphics.locator('.g-panel.is-shown').count()).toBe(1);

    // Accepted elsewhere while this server is down.
    ok(await night.server.request('POST', '/api/elections/iran-2017/bulletins', { ...seed000, id: 'while-down', ballotsCounted: 30_000_000, votes: { rouhani: 17_500_000, raisi: 12_000_000 } }, 'twin'), 'while down');
    await night.server.start();

    await ticker.locator('#connection[data-state="live"]').waitFor({ timeout: 30_000 });
    await ticker.locator('#stale').waitFor({ state: 'hidden' });
    await expect.poll(() => ticker.locator('[data-candidate="rouhani"] .votes').textContent()).toBe('17,500,000');
    await graphics.locator('html[data-status="live"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => graphics.locator('[data-candidate="rouhani"] .g-votes').textContent()).toBe('17,500,000');
  });
});
