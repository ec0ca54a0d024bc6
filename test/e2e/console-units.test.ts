import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provinces } from '../fixtures/units.ts';
import { openConsole, startBrowserNight } from '../helpers/browser.ts';
import type { RestartableServer } from '../helpers/restartable-server.ts';
import { TEST_TOKEN } from '../helpers/test-server.ts';

/** A night reported by units, from the console: the desk picks the unit its figures are for. */
describe('the console posts a reporting unit', () => {
  let server: RestartableServer;
  let browser: Browser;
  let night: Awaited<ReturnType<typeof startBrowserNight>>;
  beforeAll(async () => {
    night = await startBrowserNight('provinces', provinces);
    ({ server, browser } = night);
    await server.request('PUT', '/api/elections/national', { name: 'National only', rule: { kind: 'plurality' }, candidates: provinces.candidates });
  });
  afterAll(() => night?.close());

  it('offers the units of the election, previews the unit bulletin with the round summed, and publishes it', async () => {
    const { page, problems } = await openConsole(browser, server.url, 'provinces', TEST_TOKEN);
    await page.locator('#f-reportingUnit').waitFor();
    const options = await page.locator('#f-reportingUnit option').allTextContents();
    expect(options).toEqual(['National total (no unit)', 'North', 'South', 'West']);

    await page.selectOption('#f-reportingUnit', 'south');
    for (const [name, value] of Object.entries({ ballotsCounted: '900', 'votes.a': '300', 'votes.b': '500', 'votes.c': '100' })) await page.fill(`[name="${name}"]`, value);
    await page.locator('#preview[data-state="ok"]').waitFor();
    await expect.poll(() => page.locator('#publish').isDisabled()).toBe(false);
    await page.click('#publish');
    await expect.poll(() => page.locator('#answer').getAttribute('data-kind')).toBe('ok');

    await page.locator('#history-body tr[data-version="1"]').waitFor();
    expect(await page.locator('#history-body tr[data-version="1"]').textContent()).toContain('unit south');
    const snapshot = (await server.request('GET', '/api/elections/provinces')).body;
    expect(snapshot.rounds[0].units).toEqual([expect.objectContaining({ id: 'south', ballotsCounted: 900, votes: { a: 300, b: 500, c: 100 } })]);
    expect(snapshot.rounds[0].ballotsCounted).toBe(900);
    expect(problems).toEqual([]);
  });

  it('shows no unit choice for an election without units', async () => {
    const { page, problems } = await openConsole(browser, server.url, 'national', TEST_TOKEN);
    await page.locator('[name="votes.a"]').waitFor();
    expect(await page.locator('#f-reportingUnit').isVisible()).toBe(false);
    expect(problems).toEqual([]);
  });
});
