import { describe, expect, it } from 'vitest';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { useBrowserNight } from '../helpers/browser.ts';
import { DESK_TEST_TOKEN } from '../helpers/restartable-server.ts';
import { define, TEST_TOKEN } from '../helpers/test-server.ts';

describe('a desk call made in the console reaches the ticker and the graphics', () => {
  const night = useBrowserNight({ prepare: (server) => define(server, 'iran-2017', iran2017, seed000) });

  it('call, then retract: headline and badge follow, the ingest token is refused', async () => {
    const ticker = await night.open('/e/iran-2017');
    const graphics = await night.open('/graphics/iran-2017?layout=lower-third', { viewport: { width: 1920, height: 1080 } });
    await ticker.locator('#connection[data-state="live"]').waitFor();
    await graphics.locator('html[data-status="live"]').waitFor();
    expect(await graphics.locator('.g-badge').isHidden()).toBe(true);

    const desk = await night.console(TEST_TOKEN, 'iran-2017');
    await desk.locator('#call-winner option[value="rouhani"]').waitFor({ state: 'attached' });

    // The ingest token cannot call.
    await desk.fill('#desk-token', TEST_TOKEN);
    await desk.selectOption('#call-winner', 'rouhani');
    await desk.click('#call-panel button[type=submit]');
    await expect.poll(() => desk.locator('.call-answer').textContent()).toMatch(/^Refused: This token may not do this/);

    await desk.fill('#desk-token', DESK_TEST_TOKEN);
    await desk.fill('#call-note', 'decisive lead');
    await desk.click('#call-panel button[type=submit]');
    await expect.poll(() => desk.locator('.call-answer').textContent()).toBe('Recorded as version 2.');
    await expect.poll(() => ticker.locator('.headline').first().textContent(), { timeout: 5000 }).toBe('Hassan Rouhani wins (called by anchor)');
    await expect.poll(() => graphics.locator('.g-badge').textContent(), { timeout: 5000 }).toBe('Called');
    expect(await graphics.locator('.g-badge').isVisible()).toBe(true);

    await desk.selectOption('#call-action', 'retract');
    expect(await desk.locator('#call-winner').isHidden()).toBe(true);
    await desk.click('#call-panel button[type=submit]');
    await expect.poll(() => desk.locator('.call-answer').textContent()).toBe('Recorded as version 3.');
    await expect.poll(() => ticker.locator('.headline').first().textContent(), { timeout: 5000 }).toBe('Call retracted: Hassan Rouhani leads by 4.5 million with 62% counted');
    await expect.poll(() => graphics.locator('.g-badge').isHidden(), { timeout: 5000 }).toBe(true);
    expect(night.problems()).toEqual([]);
  });
});
