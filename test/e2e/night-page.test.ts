import { describe, expect, it } from 'vitest';
import { useBrowserNight } from '../helpers/browser.ts';
import { TEST_TOKEN } from '../helpers/test-server.ts';
import type { RestartableServer } from '../helpers/restartable-server.ts';

/**
 * The night page on a 360 px phone and the night graphics at 1080p, in real Chromium, on a night of
 * 300 contests: one night snapshot over the socket (no per-contest request), filters by region and
 * status, links to each contest, live updates, the chamber with its majority line.
 */
const CONTESTS = 300;
const ids = Array.from({ length: CONTESTS }, (_, i) => `seat-${i}`);
const regionOf = (i: number) => (['north', 'south', 'west'] as const)[i % 3]!;
const FIELD = {
  rule: { kind: 'plurality' },
  candidates: [
    { id: 'p', name: 'Principlist candidate', party: 'Principlists', color: '#1565c0' },
    { id: 'r', name: 'Reformist candidate', party: 'Reformists', color: '#2e7d32' },
    { id: 'i', name: 'Independent candidate' },
  ],
};
// Illustrative figures: the first 40 seats final (30 to the Principlists, 10 to the Reformists), the next 60 counting.
const finalBulletin = (i: number) => ({ id: 'final', ballotsCounted: 10_000, final: true, votes: i % 4 === 3 ? { p: 3000, r: 6000, i: 1000 } : { p: 6000, r: 3000, i: 1000 } });
const countingBulletin = { id: 'early', ballotsCounted: 2000, ballotsCast: 10_000, votes: { p: 900, r: 800, i: 300 } };

async function prepare(server: RestartableServer): Promise<void> {
  for (let i = 0; i < CONTESTS; i += 50) {
    await Promise.all(ids.slice(i, i + 50).map(async (id, j) => {
      const n = i + j;
      const ok = (await server.request('PUT', `/api/elections/${id}`, { ...FIELD, name: `Constituency ${n + 1}` })).status === 201;
      if (!ok) throw new Error(`define ${id}`);
      const bulletin = n < 40 ? finalBulletin(n) : n < 100 ? countingBulletin : null;
      if (bulletin && (await server.request('POST', `/api/elections/${id}/bulletins`, bulletin)).status !== 201) throw new Error(`bulletin ${id}`);
    }));
  }
  const regions = Object.fromEntries((['north', 'south', 'west'] as const).map((r) => [r, { name: r[0]!.toUpperCase() + r.slice(1), contests: ids.filter((_, i) => regionOf(i) === r) }]));
  const night = await server.request('PUT', '/api/nights/ballot-day', { name: 'Ballot day (illustrative)', contests: ids, majority: 151, keyContests: ['seat-3', 'seat-150'], previous: { 'seat-3': 'Principlists', 'seat-7': 'Principlists' }, regions });
  if (night.status !== 201) throw new Error(`night: ${JSON.stringify(night.body)}`);
}

describe('a night of 300 contests in the browser', () => {
  const night = useBrowserNight({ env: { INGEST_RATE_LIMIT: 'off' }, prepare });

  it('shows the summary, key contests first and every contest on a 360 px phone, from one night snapshot', async () => {
    const page = await night.page({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const apiRequests: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) apiRequests.push(new URL(r.url()).pathname);
    });
    const started = Date.now();
    await page.goto(`${night.server.url}/n/ballot-day`, { waitUntil: 'domcontentloaded' });
    await expect.poll(() => page.locator('#contest-list > li').count()).toBe(CONTESTS);
    const renderedMs = Date.now() - started;
    console.info(`night page at 360 px: ${CONTESTS} contests shown ${renderedMs} ms after navigation`);
    expect(await page.locator('#title').textContent()).toBe('Ballot day (illustrative)');
    expect(await page.locator('#seats-line').textContent()).toBe('40 of 300 seats won · 60 leading');
    expect(await page.locator('#majority').textContent()).toBe('151 seats for a majority');
    expect(await page.locator('#parties tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-party'), r.querySelector('.won')?.textContent, r.querySelector('.leading')?.textContent]))).toEqual([
      ['Principlists', '30', '60'],
      ['Reformists', '10', '0'],
    ]);
    // Seats 3 and 7, held by the Principlists before, went to the Reformists.
    expect(await page.locator('#parties .change-net').allTextContents()).toEqual(['-2', '+2']);
    expect(await page.locator('#parliament .seat-seg').count()).toBe(3);
    expect(await page.locator('#parliament .majority-line').count()).toBe(1);
    expect(await page.locator('#key-list > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-contest')))).toEqual(['seat-3', 'seat-150']);
    expect(await page.locator('#key-list [data-contest="seat-3"] .contest-headline').textContent()).toBe('Reformist candidate wins');
    expect(await page.locator('#contest-list [data-contest="seat-0"] a').getAttribute('href')).toBe('/e/seat-0');
    // Nothing wider than the phone, and no request per contest (nor for the night: it comes over the socket).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(apiRequests.filter((p) => p.startsWith('/api/elections'))).toEqual([]);

    await page.selectOption('#filter-region', 'north');
    expect(await page.locator('#contest-list > li:visible').count()).toBe(CONTESTS / 3);
    await page.selectOption('#filter-status', 'decided');
    // Decided: the first 40 seats; in the north, every third of them (0, 3, ... 39).
    expect(await page.locator('#contest-list > li:visible').count()).toBe(14);
    expect(await page.locator('#shown').textContent()).toBe('14 of 300 contests shown');
    await page.selectOption('#filter-region', '');
    await page.selectOption('#filter-status', 'not-started');
    expect(await page.locator('#contest-list > li:visible').count()).toBe(200);

    // A bulletin for a contest not started moves it to counting, live, without a reload.
    expect((await night.server.request('POST', '/api/elections/seat-250/bulletins', countingBulletin)).status).toBe(201);
    await page.locator('#contest-list [data-contest="seat-250"][data-status="counting"]').waitFor({ state: 'attached' });
    expect(await page.locator('#contest-list [data-contest="seat-250"]').isHidden()).toBe(true);
    await expect.poll(() => page.locator('#seats-line').textContent()).toBe('40 of 300 seats won · 61 leading');
    expect(night.problems()).toEqual([]);
  });

  it('puts the chamber on air at 1080p with its majority line, following the count', async () => {
    const page = await night.open('/graphics/n/ballot-day?layout=seats', { viewport: { width: 1920, height: 1080 } });
    await page.locator('html[data-status="live"] .gn-seats').waitFor();
    expect(await page.locator('.gn-majority').getAttribute('data-needed')).toBe('151');
    expect(await page.locator('.gn-party').evaluateAll((els) => els.map((e) => [e.getAttribute('data-party'), e.querySelector('.gn-won')?.textContent]))).toEqual([
      ['Principlists', '30'],
      ['Reformists', '10'],
    ]);
    const box = await page.locator('.gn-seats').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(96);
    expect(box!.x + box!.width).toBeLessThanOrEqual(1920 - 96);
    expect((await night.server.request('POST', '/api/elections/seat-260/bulletins', finalBulletin(260))).status).toBe(201);
    await expect.poll(() => page.locator('.gn-party[data-party="Principlists"] .gn-won').textContent()).toBe('31');

    const key = await night.open('/graphics/n/ballot-day?layout=key-contests', { viewport: { width: 1920, height: 1080 } });
    await key.locator('.gn-key').waitFor();
    expect(await key.locator('.gn-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-contest')))).toEqual(['seat-3', 'seat-150']);

    const ticker = await night.open('/graphics/n/ballot-day?layout=ticker&every=2', { viewport: { width: 1920, height: 1080 } });
    await ticker.locator('.gn-ticker[data-index="0"] [data-contest="seat-3"]').waitFor();
    // Cycles to the next contest: the second key contest, then those with figures.
    await ticker.locator('.gn-ticker[data-index="1"] [data-contest="seat-150"]').waitFor({ timeout: 10_000 });
    expect(night.problems()).toEqual([]);
  });

  it('lists the nights first on the home page, each linking to its night', async () => {
    const page = await night.open('/');
    const card = page.locator('#nights li[data-night="ballot-day"] a');
    await card.waitFor();
    expect(await card.getAttribute('href')).toBe('/n/ballot-day');
    expect(await card.locator('.meta').textContent()).toMatch(/^300 contests · updated /);
    const order = await page.evaluate(() => {
      const nights = document.getElementById('nights-section')!;
      const elections = document.getElementById('elections')!;
      return Boolean(nights.compareDocumentPosition(elections) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(order).toBe(true);
    expect(night.problems()).toEqual([]);
  });

  it('defines a night from the console and lists the contests that have not reported', async () => {
    const desk = await night.console(TEST_TOKEN);
    await desk.locator('#nights-panel').waitFor();
    await desk.fill('#n-id', 'three-seats');
    await desk.fill('#n-name', 'Three seats');
    await desk.fill('#n-contests', 'nowhere');
    await desk.click('#night-form button[type=submit]');
    await desk.locator('#night-answer[data-kind="refused"]').waitFor();
    expect(await desk.locator('#night-answer').textContent()).toContain('contests.0: no election "nowhere"');
    // seat-0 is decided, seat-250 counting (the first test posted to it), seat-299 has nothing yet.
    await desk.fill('#n-contests', 'seat-0, seat-250\nseat-299');
    await desk.click('#night-form button[type=submit]');
    await desk.locator('#night-answer[data-kind="ok"]').waitFor();
    expect(await desk.locator('#night-answer').textContent()).toBe('Three seats: defined with 3 contests.');
    await expect.poll(() => desk.locator('#night-missing [data-missing]').textContent()).toBe('1 of 3 contests has not reported yet:');
    expect(await desk.locator('#night-missing li').evaluateAll((els) => els.map((e) => e.getAttribute('data-contest')))).toEqual(['seat-299']);
    expect(await desk.locator('#night-missing li a').getAttribute('href')).toBe('/e/seat-299');
    expect(night.problems()).toEqual([]);
  });
});
