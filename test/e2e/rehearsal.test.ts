import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { useBrowserNight } from '../helpers/browser.ts';
import { define, TEST_TOKEN } from '../helpers/test-server.ts';

const LAYOUTS = ['bars', 'lower-third', 'ticker'] as const;

describe('a rehearsal (mode: test) and going live', () => {
  const night = useBrowserNight({
    // Audience counts every 100 ms, so a page sees another reader come and go at once.
    env: { AUDIENCE_INTERVAL_MS: '100' },
    async prepare(server) {
      await define(server, 'rehearsal', { ...iran2017, name: 'Results night rehearsal', mode: 'test' }, seed000);
      await define(server, 'real-night', iran2017);
    },
  });

  it('the ticker counts its audience, in words, as readers come and go', async () => {
    // Counts arrive on the server's timer: wait for them (generously, the machine may be loaded), never sleep.
    const watching = (page: Page, text: string) => expect.poll(() => page.locator('#audience').textContent(), { timeout: 15_000 }).toBe(text);
    const first = await night.open('/e/real-night');
    await first.locator('#connection[data-state="live"]').waitFor();
    await watching(first, '1 watching');
    const second = await night.open('/e/real-night');
    await second.locator('#connection[data-state="live"]').waitFor();
    await watching(second, '2 watching');
    await watching(first, '2 watching');
    await second.context().close();
    await watching(first, '1 watching');
    await first.context().close();
  });

  it('every page and every graphics layout marks the rehearsal TEST; a live election has no marker', async () => {
    const ticker = await night.open('/e/rehearsal');
    await ticker.locator('[data-candidate="rouhani"]').first().waitFor();
    expect(await ticker.locator('#test-banner').isVisible()).toBe(true);
    expect(await ticker.locator('#test-banner .test-mark').textContent()).toBe('TEST');
    expect(await ticker.title()).toMatch(/^TEST · Results night rehearsal/);

    const home = await night.open('/');
    const card = home.locator('.election-card', { hasText: 'Results night rehearsal' });
    await card.locator('.test-mark').waitFor();
    expect(await card.locator('.test-mark').textContent()).toBe('TEST');
    expect(await home.locator('.election-card', { hasText: 'Iranian' }).locator('.test-mark').count()).toBe(0);

    for (const layout of LAYOUTS) {
      const graphics = await night.open(`/graphics/rehearsal?layout=${layout}`, { viewport: { width: 1920, height: 1080 } });
      await graphics.locator('.g-panel.is-shown').waitFor();
      const mark = graphics.locator('.g-test');
      await mark.waitFor({ state: 'visible' });
      expect(await mark.textContent()).toBe('TEST');
      // On the canvas, inside the frame a browser source captures.
      const box = (await mark.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(1920);
      expect(box.y + box.height).toBeLessThanOrEqual(1080);
      await graphics.context().close();
    }
    const live = await night.open('/e/real-night');
    await live.locator('#connection[data-state="live"]').waitFor();
    expect(await live.locator('#test-banner').isHidden()).toBe(true);
    await live.context().close();
    expect(night.problems()).toEqual([]);
  });

  it('the console goes live only after a confirmation dialog, and every open page drops the marker and the test figures', async () => {
    const ticker = await night.open('/e/rehearsal');
    const graphics = await night.open('/graphics/rehearsal?layout=bars', { viewport: { width: 1920, height: 1080 } });
    await ticker.locator('#test-banner').waitFor({ state: 'visible' });
    await graphics.locator('.g-test').waitFor({ state: 'visible' });

    const desk = await night.console(TEST_TOKEN, 'rehearsal');
    await desk.locator('#rehearsal').waitFor({ state: 'visible' });
    expect(await desk.locator('#rehearsal .test-mark').textContent()).toBe('TEST');
    expect(await desk.title()).toMatch(/^TEST · /);

    // The dialog is modal and labelled; the focus goes into it; Escape cancels and nothing changes.
    await desk.click('#go-live');
    const dialog = desk.getByRole('dialog', { name: 'Switch this election to live?' });
    await dialog.waitFor();
    expect(await desk.evaluate(() => document.activeElement?.id)).toBe('go-live-confirm');
    expect(await desk.locator('#go-live-submit').isDisabled()).toBe(true);
    await desk.keyboard.type('rehearsa');
    expect(await desk.locator('#go-live-submit').isDisabled()).toBe(true);
    await desk.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await desk.evaluate(() => document.activeElement?.id)).toBe('go-live');
    expect((await night.server.request('GET', '/api/elections/rehearsal')).body).toMatchObject({ mode: 'test', version: 1 });

    // Confirmed with the election id, from the keyboard.
    await desk.keyboard.press('Enter');
    await dialog.waitFor();
    await desk.keyboard.type('rehearsal');
    expect(await desk.locator('#go-live-submit').isDisabled()).toBe(false);
    await desk.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await desk.locator('#answer[data-kind="ok"]').waitFor();
    expect(await desk.locator('#answer').textContent()).toMatch(/is live: the test figures were deleted \(now version 2\)/);
    await desk.locator('#rehearsal').waitFor({ state: 'hidden' });
    await expect.poll(() => desk.locator('#history-body').textContent()).toBe('No bulletin published yet.');
    expect((await night.server.request('GET', '/api/elections/rehearsal')).body).toMatchObject({ mode: 'live', version: 2, rounds: [] });

    // The open pages, without reload: no marker, no test figures.
    await ticker.locator('#test-banner').waitFor({ state: 'hidden' });
    await expect.poll(() => ticker.locator('.round').count()).toBe(0);
    expect(await ticker.locator('#notice').textContent()).toMatch(/No results yet/);
    await graphics.locator('.g-test').waitFor({ state: 'hidden' });
    expect(night.problems()).toEqual([]);
  });
});
