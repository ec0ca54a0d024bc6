import { describe, expect, it } from 'vitest';
import { iran2024, round1Final2024 } from '../fixtures/seeds.ts';
import { useBrowserNight } from '../helpers/browser.ts';
import { define } from '../helpers/test-server.ts';

/** Shares of all ballots cast (Iran's presidential law) are said to be so on every page. */
describe('pages under rule.of = "cast"', () => {
  const night = useBrowserNight({
    async prepare(server) {
      await define(server, 'iran-2024-cast', { ...iran2024, rule: { kind: 'majority', threshold: 50, of: 'cast' } }, round1Final2024);
      await define(server, 'iran-2024', iran2024, round1Final2024);
    },
  });

  it('ticker at 360 px, seed 001 first round (Interior Ministry final): 42.5 % of all ballots cast, the rule and the blank and spoiled ballots named', async () => {
    const page = await night.open('/e/iran-2024-cast', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const share = page.locator('[data-candidate="pezeshkian"] .share');
    await expect.poll(() => share.textContent()).toBe('42.5%');
    expect(await page.locator('.share-basis').textContent()).toBe('Shares of all ballots cast, blank and spoiled included');
    expect(await page.locator('#meta').textContent()).toContain('More than 50% of all ballots cast wins');
    expect(await page.locator('[data-figure="invalid"] dd').textContent()).toBe('1,056,1594.3% of ballots counted');
    expect(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)).toBe(false);
  });

  it('the same count of valid votes shows 44.4 % and no such note (negative control)', async () => {
    const page = await night.open('/e/iran-2024', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const share = page.locator('[data-candidate="pezeshkian"] .share');
    await expect.poll(() => share.textContent()).toBe('44.4%');
    expect(await page.locator('.share-basis').isHidden()).toBe(true);
    expect(await page.locator('[data-figure="invalid"]').count()).toBe(0);
  });

  it('graphics at 1080p say "Share of all ballots cast" beside the progress', async () => {
    const page = await night.open('/graphics/iran-2024-cast?layout=bars', { viewport: { width: 1920, height: 1080 } });
    await expect.poll(() => page.locator('.g-progress').textContent()).toBe('Final result · Share of all ballots cast');
  });
});
