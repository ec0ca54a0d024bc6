import { describe, expect, it } from 'vitest';
import { provinces } from '../fixtures/units.ts';
import { typeFigures, useBrowserNight } from '../helpers/browser.ts';
import { define, TEST_TOKEN } from '../helpers/test-server.ts';

/** A night reported by units, from the console: the desk picks the unit its figures are for. */
describe('the console posts a reporting unit', () => {
  const night = useBrowserNight({
    async prepare(server) {
      await define(server, 'provinces', provinces);
      await define(server, 'national', { name: 'National only', rule: { kind: 'plurality' }, candidates: provinces.candidates });
    },
  });

  it('offers the units of the election, previews the unit bulletin with the round summed, and publishes it', async () => {
    const page = await night.console(TEST_TOKEN, 'provinces');
    await page.locator('#f-reportingUnit').waitFor();
    const options = await page.locator('#f-reportingUnit option').allTextContents();
    expect(options).toEqual(['National total (no unit)', 'North', 'South', 'West']);

    await page.selectOption('#f-reportingUnit', 'south');
    await typeFigures(page, { ballotsCounted: '900', 'votes.a': '300', 'votes.b': '500', 'votes.c': '100' });
    await page.click('#publish');
    await expect.poll(() => page.locator('#answer').getAttribute('data-kind')).toBe('ok');

    await page.locator('#history-body tr[data-version="1"]').waitFor();
    expect(await page.locator('#history-body tr[data-version="1"]').textContent()).toContain('unit south');
    const snapshot = (await night.server.request('GET', '/api/elections/provinces')).body;
    expect(snapshot.rounds[0].units).toEqual([expect.objectContaining({ id: 'south', ballotsCounted: 900, votes: { a: 300, b: 500, c: 100 } })]);
    expect(snapshot.rounds[0].ballotsCounted).toBe(900);
    expect(night.problems()).toEqual([]);
  });

  it('shows no unit choice for an election without units', async () => {
    const page = await night.console(TEST_TOKEN, 'national');
    await page.locator('[name="votes.a"]').waitFor();
    expect(await page.locator('#f-reportingUnit').isVisible()).toBe(false);
    expect(night.problems()).toEqual([]);
  });
});
