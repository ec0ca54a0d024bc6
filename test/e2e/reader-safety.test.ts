import { describe, expect, it } from 'vitest';
import { iran2024, round1Final2024, seed001 } from '../fixtures/seeds.ts';
import { useBrowserNight } from '../helpers/browser.ts';
import { define } from '../helpers/test-server.ts';

const XSS = '<img src=x onerror=alert(1)>';

describe('the reader ticker is safe and fits a phone', () => {
  const hostile = { ...iran2024, name: `Election <script>alert(2)</script>`, candidates: iran2024.candidates.map((c, i) => (i === 0 ? { ...c, name: XSS, party: '<b>bold</b>' } : c)) };
  const night = useBrowserNight({ prepare: (server) => define(server, 'iran-2024', hostile, { ...round1Final2024, source: '<i>Interior</i> Ministry' }, seed001) });

  it('renders names and sources from bulletins as text, never as HTML', async () => {
    const page = await night.page();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${night.server.url}/e/iran-2024`, { waitUntil: 'domcontentloaded' });
    const name = page.locator('[data-round="2"] [data-candidate="pezeshkian"] .name');
    await expect.poll(() => name.textContent()).toBe(XSS);
    expect(await page.locator('h1').textContent()).toBe('Election <script>alert(2)</script>');
    expect(await page.locator('[data-round="1"] .source').textContent()).toContain('<i>Interior</i> Ministry');
    expect(await page.locator('main img, main script, main b, main i').count()).toBe(0);
    // The graphics and the home page too.
    await page.goto(`${night.server.url}/graphics/iran-2024?layout=lower-third`, { waitUntil: 'domcontentloaded' });
    await expect.poll(() => page.locator('[data-candidate="pezeshkian"] .g-name').textContent()).toBe(XSS);
    await page.goto(`${night.server.url}/`, { waitUntil: 'domcontentloaded' });
    await expect.poll(() => page.locator('.election-card h2').textContent()).toBe('Election <script>alert(2)</script>');
    expect(await page.locator('.elections img, .elections script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(night.problems()).toEqual([]);
  });

  it('has no horizontal scroll at 360 px, shows both rounds, and announces the outcome politely', async () => {
    const page = await night.open('/e/iran-2024', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await page.locator('[data-round="1"] .candidate').first().waitFor();
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.client).toBe(360);
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    // The runoff first, then the first round, each with its words.
    expect(await page.locator('.round .headline').allTextContents()).toEqual([`${XSS} leads by 2 million with 20,000,000 ballots counted`, `Runoff: ${XSS} vs Saeed Jalili`]);
    expect(await page.locator('.round .headline').first().getAttribute('aria-live')).toBe('polite');
    // Keyboard: the first Tab reaches the skip link, which leads to the results.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#main');
    expect(night.problems()).toEqual([]);
  });
});
