import { describe, expect, it } from 'vitest';
import { iran2017, iran2024, round1Final2024, seed000, seed001, seed002 } from '../fixtures/seeds.ts';
import { ok } from '../helpers/api.ts';
import { useBrowserNight } from '../helpers/browser.ts';
import { define, TEST_TOKEN } from '../helpers/test-server.ts';

/** The details issue 4 asks of each page, one by one, in Chromium against the built pages. */
describe('page details', () => {
  const night = useBrowserNight({
    async prepare(server) {
      await define(server, 'iran-2017', iran2017, seed000);
      await define(server, 'iran-2024', iran2024, round1Final2024, seed001);
    },
  });

  it('ticker: counted, turnout against eligible, lead, source and time; the timeline grows; bars animate to new widths', async () => {
    const page = await night.open('/e/iran-2017');
    await page.locator('#connection[data-state="live"]').waitFor();
    const cell = (key: string) => page.locator(`[data-figure="${key}"] dd`);
    expect(await cell('counted').textContent()).toContain('25,000,000');
    expect(await cell('turnout').textContent()).toBe('70.9%of 56,410,234 eligible');
    expect(await cell('margin').textContent()).toBe('4,494,000votes, Hassan Rouhani');
    // Progress in whole points, rounded down (shared/format/progress.ts).
    expect(await page.locator('.progress').textContent()).toBe('62% counted');
    expect(await page.locator('.source').textContent()).toMatch(/^Source: Interior Ministry briefing \(Ali Asghar Ahmadi\) · issued .+ · figures rounded as announced$/);
    await expect.poll(() => page.locator('#timeline-list li').count()).toBe(1);
    expect(await page.locator('#timeline').isVisible()).toBe(true);
    const width = () => page.locator('[data-candidate="rouhani"] .bar-fill').evaluate((el) => getComputedStyle(el).getPropertyValue('--share').trim());
    const served = async () => (await night.server.request('GET', '/api/elections/iran-2017')).body.rounds[0].candidates.find((c: { id: string }) => c.id === 'rouhani').share / 100;
    const before = Number(await width());
    expect(before).toBeCloseTo(await served(), 6);
    // Bars move by a CSS transition, not a jump.
    expect(await page.locator('[data-candidate="rouhani"] .bar-fill').evaluate((el) => parseFloat(getComputedStyle(el).transitionDuration))).toBeGreaterThan(0);

    ok(await night.server.request('POST', '/api/elections/iran-2017/bulletins', seed002), 'final');
    await expect.poll(() => page.locator('#timeline-list li').count()).toBe(2);
    expect(await page.locator('#timeline-list li').first().textContent()).toMatch(/^.+Interior Ministry: 40,000,000 counted \(\+15,000,000\)Final$/);
    await expect.poll(async () => Number(await width())).not.toBe(before);
    expect(Number(await width())).toBeCloseTo(await served(), 6);
    expect(await page.locator('[data-figure="counted"] small').textContent()).toBe('+15,000,000 since the last bulletin');
    expect(night.problems()).toEqual([]);
  });

  it("ticker: numbers in the reader's locale (German grouping and decimal comma)", async () => {
    const page = await night.open('/e/iran-2024', { locale: 'de-DE' });
    const votes = page.locator('[data-round="1"] [data-candidate="pezeshkian"] .votes');
    await expect.poll(() => votes.textContent()).toBe('10.415.991');
    expect(await page.locator('[data-round="1"] [data-candidate="pezeshkian"] .share').textContent()).toMatch(/^\d+,\d\s?%$/);
    expect(night.problems()).toEqual([]);
  });

  it('graphics: transparent canvas, round and candidates from the query, status off the canvas', async () => {
    const page = await night.open('/graphics/iran-2024?layout=bars&round=1&candidates=jalili,ghalibaf', { viewport: { width: 1920, height: 1080 } });
    await page.locator('.g-panel.is-shown').waitFor();
    expect(await page.locator('.g-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-candidate')).sort())).toEqual(['ghalibaf', 'jalili']);
    expect(await page.locator('.g-round').textContent()).toBe('First round');
    const backgrounds = await page.evaluate(() => [getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.body).backgroundColor]);
    expect(backgrounds).toEqual(['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);
    // The operator's status sits to the right of the 1920-wide canvas: a browser source never shows it.
    await page.locator('#operator[data-state="live"]').waitFor();
    expect((await page.locator('#operator').boundingBox())!.x).toBeGreaterThanOrEqual(1920);

    await page.goto(`${night.server.url}/graphics/iran-2024?layout=lower-third`, { waitUntil: 'domcontentloaded' });
    await page.locator('.g-panel.is-shown').waitFor();
    expect(await page.locator('.g-row').count()).toBe(2);
    expect(await page.locator('.g-headline').textContent()).toMatch(/^Masoud Pezeshkian leads by 2 million/);
    expect(night.problems()).toEqual([]);
  });

  it('console: the token lives in this tab only, and the history says who posted and when', async () => {
    const page = await night.console(TEST_TOKEN, 'iran-2017');
    await page.locator('#history-body tr[data-version="1"]').waitFor();
    const stored = await page.evaluate(() => ({ local: localStorage.length, session: Object.values(sessionStorage) }));
    expect(stored.local).toBe(0);
    expect(stored.session).toContain(TEST_TOKEN);
    expect(await page.locator('#history-body tr[data-version="1"] td:nth-child(3)').textContent()).toBe('desk');
    expect(await page.locator('#history-body tr[data-version="1"] time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Another tab (a new session) starts signed out.
    const other = await night.open('/console');
    expect(await other.locator('#signin').isVisible()).toBe(true);
    expect(night.problems()).toEqual([]);
  });
});
