import { describe, expect, it } from 'vitest';
import { italy2025, italy2025Final, knesset2022, knesset2022Final, tehran2024, tehran2024Round1 } from '../fixtures/rules.ts';
import { useBrowserNight } from '../helpers/browser.ts';
import { define } from '../helpers/test-server.ts';

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const noSideways = () => document.documentElement.scrollWidth <= document.documentElement.clientWidth;

/** Seats, lists and outcomes on the pages, in real Chromium. */
describe('pages for seat contests', () => {
  const night = useBrowserNight({
    async prepare(server) {
      await define(server, 'tehran', tehran2024, tehran2024Round1);
      await define(server, 'knesset', knesset2022, knesset2022Final);
      await define(server, 'italy', italy2025, italy2025Final);
    },
  });

  it('ticker at 360 px, Tehran 2024 (Interior Ministry: 14 of 30 in March): "14 of 30 seats filled · 16 go to a runoff", the 14 marked elected, the 32 in the runoff', async () => {
    const page = await night.open('/e/tehran', phone);
    await expect.poll(() => page.locator('.headline').textContent()).toBe('14 of 30 seats filled · 16 go to a runoff');
    expect(await page.locator('.cand-badge[data-kind="elected"]').count()).toBe(14);
    expect(await page.locator('.cand-badge[data-kind="runoff"]').count()).toBe(32);
    expect(await page.locator('[data-candidate="t01"] .cand-badge').textContent()).toBe('Elected');
    expect(await page.evaluate(noSideways)).toBe(true);
  });

  it('ticker at 360 px, Israel 2022 (CEC final): the lists with seats, most first, and a parliament bar with the 61-seat majority line', async () => {
    const page = await night.open('/e/knesset', phone);
    await expect.poll(() => page.locator('.headline').textContent()).toBe('likud 32 · yesh-atid 24 · religious-zionism 14 · national-unity 12 · shas 11 · utj 7 · yisrael-beiteinu 6 · raam 5 · hadash-taal 5 · labor 4');
    const bar = page.locator('svg.seat-bar[data-kind="parliament"]');
    expect(await bar.locator('rect').count()).toBe(10);
    // The majority line sits at 61 of 120 seats.
    expect(Number(await bar.locator('[data-line="majority"]').getAttribute('x1'))).toBeCloseTo((61 / 120) * 1000, 3);
    const likud = Number(await bar.locator('[data-part="likud"]').getAttribute('width'));
    expect(likud).toBeCloseTo((32 / 120) * 1000, 3);
    expect(await page.evaluate(noSideways)).toBe(true);
  });

  it('ticker at 360 px, Italy 2025 (Ministry of the Interior): "Void", why, and the yes bar with the threshold, turnout and quorum lines', async () => {
    const page = await night.open('/e/italy', phone);
    await expect.poll(() => page.locator('.headline').textContent()).toBe('Void');
    expect(await page.locator('.headline-detail').textContent()).toBe('Turnout below the 50% quorum');
    const bar = page.locator('svg.seat-bar[data-kind="referendum"]');
    expect(Number(await bar.locator('[data-line="threshold"]').getAttribute('x1'))).toBeCloseTo(500, 3);
    expect(Number(await bar.locator('[data-line="turnout"]').getAttribute('x1'))).toBeCloseTo(305.8, 3);
    expect(Number(await bar.locator('[data-line="quorum"]').getAttribute('x1'))).toBeCloseTo(500, 3);
  });

  it('graphics at 1080p, Israel 2022: the lists with seats are marked as winners; the headline gives the seats', async () => {
    const page = await night.open('/graphics/knesset?layout=bars', { viewport: { width: 1920, height: 1080 } });
    await expect.poll(() => page.locator('.g-headline').textContent()).toContain('likud 32');
    expect(await page.locator('.g-row[data-winner="true"]').count()).toBeGreaterThan(0);
    // Meretz, under the threshold, is shown without a seat (negative control).
    const rows = await page.locator('.g-row').evaluateAll((els) => els.map((el) => [el.textContent ?? '', (el as HTMLElement).dataset.winner]));
    for (const [text, winner] of rows) if (text?.includes('meretz')) expect(winner).toBe('false');
  });
});
