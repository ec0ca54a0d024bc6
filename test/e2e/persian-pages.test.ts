import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { iran2017Fa, iran2024Fa } from '../fixtures/persian.ts';
import { round1Final2024, seed000, seed001 } from '../fixtures/seeds.ts';
import { useBrowserNight } from '../helpers/browser.ts';
import { define, TEST_TOKEN } from '../helpers/test-server.ts';

const PERSIAN_DIGITS = /^[۰-۹٬]+$/;

/** The page's direction and language, and whether anything scrolls sideways. */
const layoutOf = (page: Page) =>
  page.evaluate(() => ({
    dir: document.documentElement.dir,
    lang: document.documentElement.lang,
    sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
  }));

/** Where a filled bar sits inside its track: a mirrored bar is anchored at the right edge. */
const anchoring = (page: Page, fill: string) =>
  page.locator(fill).first().evaluate((el) => {
    const bar = el.getBoundingClientRect();
    const track = el.parentElement!.getBoundingClientRect();
    return { right: Math.abs(bar.right - track.right) < 1.5, left: Math.abs(bar.left - track.left) < 1.5, partial: bar.width < track.width - 2 };
  });

/** Persian pages, right to left, for the seeds as a Persian newsroom defines them (`language: "fa"`, `names.fa`). */
describe('Persian pages', () => {
  const night = useBrowserNight({
    async prepare(server) {
      await define(server, 'iran-2017', iran2017Fa, seed000);
      await define(server, 'iran-2024', iran2024Fa, round1Final2024, seed001);
    },
  });
  /** A page of the night as a reader in Tehran opens it. */
  const open = (path: string, options: BrowserContextOptions) => night.open(path, { timezoneId: 'Asia/Tehran', ...options });

  it('ticker at 360 px: right to left, Persian digits and names, a Solar Hijri date, mirrored bars, no sideways scroll', async () => {
    const page = await open('/e/iran-2017?lang=fa', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const votes = page.locator('[data-candidate="rouhani"] .votes');
    await expect.poll(() => votes.textContent()).toBe('۱۴٬۶۱۹٬۰۰۰');
    expect(await layoutOf(page)).toEqual({ dir: 'rtl', lang: 'fa-IR', sideways: false });
    expect(await page.locator('h1').textContent()).toBe('انتخابات ریاست‌جمهوری ایران ۱۳۹۶');
    expect(await page.locator('[data-candidate="rouhani"] .name').textContent()).toBe('حسن روحانی');
    expect(await page.locator('.headline').textContent()).toBe('با شمارش ۶۲٪ آرا، حسن روحانی با ۴٫۵ میلیون رأی اختلاف پیشتاز است');
    expect(await page.locator('[data-figure="expected"] dt').textContent()).toBe('آرای مأخوذه');
    expect(await page.locator('[data-figure="turnout"] dd').textContent()).toBe('۷۰٫۹٪از ۵۶٬۴۱۰٬۲۳۴ واجد شرایط');
    // Issued 20 May 2017, 07:30 Tehran time: 30 Ordibehesht in the Solar Hijri calendar.
    expect(await page.locator('.source').textContent()).toContain('اعلام‌شده در ۳۰ اردیبهشت، ۰۷:۳۰');
    expect(await page.locator('[data-i18n="ticker.allElections"], footer a').first().textContent()).toBe('همهٔ انتخابات‌ها');
    for (const text of await page.locator('.candidate .votes').allTextContents()) expect(text).toMatch(PERSIAN_DIGITS);
    // Direction means something for a bar: it grows from the right, where a Persian line starts.
    await expect.poll(() => anchoring(page, '[data-candidate="raisi"] .bar-fill')).toEqual({ right: true, left: false, partial: true });
    // The name column is on the right, the figures on the left.
    const name = (await page.locator('[data-candidate="rouhani"] .cand-name').boundingBox())!;
    const figures = (await page.locator('[data-candidate="rouhani"] .cand-figures').boundingBox())!;
    expect(name.x).toBeGreaterThan(figures.x);
    expect(night.problems()).toEqual([]);
  });

  it('ticker: the election language decides for a reader whose languages are not offered; Latin digits on request', async () => {
    const german = await open('/e/iran-2024', { viewport: { width: 1280, height: 900 }, locale: 'de-DE' });
    await expect.poll(() => german.locator('[data-round="2"] .headline').textContent()).toBe('با شمارش ۲۰٬۰۰۰٬۰۰۰ رأی، مسعود پزشکیان با ۲ میلیون رأی اختلاف پیشتاز است');
    expect(await german.locator('[data-round="1"] .headline').textContent()).toBe('دور دوم: مسعود پزشکیان و سعید جلیلی');
    expect(await layoutOf(german)).toMatchObject({ dir: 'rtl', lang: 'fa-IR' });
    // A reader who reads English gets English, with the names as the definition gives them by default.
    const english = await open('/e/iran-2024', { viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await expect.poll(() => english.locator('[data-round="1"] .headline').textContent()).toBe('Runoff: Masoud Pezeshkian vs Saeed Jalili');
    expect(await layoutOf(english)).toMatchObject({ dir: 'ltr', lang: 'en-US' });
    const latin = await open('/e/iran-2017?lang=fa-u-nu-latn', { viewport: { width: 360, height: 740 }, isMobile: true });
    await expect.poll(() => latin.locator('[data-candidate="rouhani"] .votes').textContent()).toBe('14,619,000');
    expect(await layoutOf(latin)).toEqual({ dir: 'rtl', lang: 'fa-IR', sideways: false });
    expect(await latin.locator('[data-candidate="rouhani"] .name').textContent()).toBe('حسن روحانی');
    expect(night.problems()).toEqual([]);
  });

  it('home lists the elections by their Persian names', async () => {
    const page = await open('/?lang=fa', { viewport: { width: 360, height: 740 }, isMobile: true });
    await expect.poll(() => page.locator('.election-card h2').allTextContents()).toEqual(['انتخابات ریاست‌جمهوری ایران ۱۳۹۶', 'انتخابات ریاست‌جمهوری ایران ۱۴۰۳']);
    expect(await page.locator('h1').textContent()).toBe('انتخابات‌ها');
    expect(await layoutOf(page)).toEqual({ dir: 'rtl', lang: 'fa-IR', sideways: false });
    expect(night.problems()).toEqual([]);
  });

  it('graphics at 1080p: the election language before the browser, the panel and its bars mirrored', async () => {
    const page = await open('/graphics/iran-2017?layout=bars', { viewport: { width: 1920, height: 1080 }, locale: 'en-US' });
    await page.locator('.g-panel.is-shown').waitFor();
    expect(await layoutOf(page)).toMatchObject({ dir: 'rtl', lang: 'fa-IR', sideways: false });
    expect(await page.locator('[data-candidate="rouhani"] .g-name').textContent()).toBe('حسن روحانی');
    expect(await page.locator('.g-title').textContent()).toBe('انتخابات ریاست‌جمهوری ایران ۱۳۹۶');
    expect(await page.locator('[data-candidate="rouhani"] .g-share').textContent()).toBe('۵۸٫۱٪');
    expect(await page.locator('.g-progress').textContent()).toBe('شمارش ۶۲٪');
    // The panel sits in the lower right, inside the title-safe margin (96 px), and the bars grow from the right.
    const panel = (await page.locator('.g-panel').boundingBox())!;
    expect(Math.round(panel.x + panel.width)).toBe(1920 - 96);
    await expect.poll(() => anchoring(page, '[data-candidate="raisi"] .g-fill')).toEqual({ right: true, left: false, partial: true });
    // `?lang=en` puts it back in English, left to right.
    await page.goto(`${night.server.url}/graphics/iran-2017?layout=bars&lang=en`, { waitUntil: 'domcontentloaded' });
    await page.locator('.g-panel.is-shown').waitFor();
    expect(await page.locator('[data-candidate="rouhani"] .g-name').textContent()).toBe('Hassan Rouhani');
    expect(Math.round((await page.locator('.g-panel').boundingBox())!.x)).toBe(96);
    expect(night.problems()).toEqual([]);
  });

  it('console in Persian: figures typed with Persian digits and scale words, read back and previewed in Persian', async () => {
    const desk = await open('/console?election=iran-2017&lang=fa', { viewport: { width: 1440, height: 900 } });
    await desk.fill('#token', TEST_TOKEN);
    await desk.click('#signin-form button[type=submit]');
    await desk.locator('[name="votes.rouhani"]').waitFor();
    expect(await layoutOf(desk)).toMatchObject({ dir: 'rtl', lang: 'fa-IR' });
    expect(await desk.locator('#publish').textContent()).toBe('انتشار');
    expect(await desk.locator('[data-field="votes.rouhani"] label').textContent()).toBe('حسن روحانی');
    // Seed 002 as a Persian desk types it: "بیش از ۴۰ میلیون" counted, Rouhani "۲۳٫۵ میلیون", Raisi read out in parts.
    await desk.fill('[name="ballotsCounted"]', 'بیش از ۴۰ میلیون');
    await desk.fill('[name="votes.rouhani"]', '۲۳٫۵ میلیون');
    await desk.fill('[name="votes.raisi"]', '۱۵ میلیون و ۷۸۶ هزار و ۴۴۹');
    await expect.poll(() => desk.locator('[data-field="votes.raisi"] .figure-read').textContent()).toBe('= ۱۵٬۷۸۶٬۴۴۹');
    expect(await desk.locator('[data-field="votes.rouhani"] .figure-read').textContent()).toBe('= ۲۳٬۵۰۰٬۰۰۰ · گردشده تا ۱۰۰٬۰۰۰');
    expect(await desk.locator('[data-field="ballotsCounted"] .figure-read').textContent()).toBe('= ۴۰٬۰۰۰٬۰۰۰ · تقریبی («بیش از») و گردشده تا ۱٬۰۰۰٬۰۰۰');
    // 40 million of the 40 million cast counted: nobody can overtake Rouhani any more.
    await expect.poll(() => desk.locator('.preview-headline').textContent()).toBe('حسن روحانی پیروز انتخابات است');
    expect(await desk.locator('.preview-status').textContent()).toMatch(/^نسخهٔ ۲ خواهد شد/);
    expect(night.problems()).toEqual([]);
  });
});
