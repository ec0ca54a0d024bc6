/**
 * `npm run screenshots`: boots Tallyroom in process (embedded store), plays the seeded results nights
 * and photographs each page into docs/screenshots/. Run it after changing how a page looks.
 */
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createMemoryStore } from '../server/store/memory-store.ts';
import { iran2017Fa, iran2024Fa } from '../test/fixtures/persian.ts';
import { iran2017, iran2024, round1Final2024, seed000, seed001 } from '../test/fixtures/seeds.ts';
import { launchBrowser } from '../test/helpers/browser.ts';

const OUT = new URL('../docs/screenshots/', import.meta.url);
const TOKEN = 'screenshots-desk-token-0123456789';

const store = createMemoryStore();
const app = createApp({ config: loadConfig({ INGEST_TOKENS: `desk:${TOKEN}`, NODE_ENV: 'test' }), store, logger: pino({ level: 'silent' }) });
await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;

async function api(method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

await api('PUT', '/api/elections/iran-2017', iran2017);
await api('PUT', '/api/elections/iran-2024', iran2024);
await api('POST', '/api/elections/iran-2017/bulletins', { ...seed000, id: 'early', ballotsCounted: 16_000_000, issuedAt: '2017-05-20T05:30:00+04:30', votes: { rouhani: 9_200_000, raisi: 6_500_000, mirsalim: 190_000, 'hashemi-taba': 90_000 } });
await api('POST', '/api/elections/iran-2024/bulletins', round1Final2024);
await api('POST', '/api/elections/iran-2024/bulletins', seed001);
// A rehearsal of 2017 (mode: test), for the TEST marker and the go-live dialog.
await api('PUT', '/api/elections/rehearsal-2017', { ...iran2017, name: 'Iranian presidential election 2017 (rehearsal)', mode: 'test' });
await api('POST', '/api/elections/rehearsal-2017/bulletins', seed000);
// The same nights as a Persian newsroom defines them (`language: "fa"`, names in Persian script).
await api('PUT', '/api/elections/iran-2017-fa', iran2017Fa);
await api('POST', '/api/elections/iran-2017-fa/bulletins', seed000);
await api('PUT', '/api/elections/iran-2024-fa', iran2024Fa);
await api('POST', '/api/elections/iran-2024-fa/bulletins', round1Final2024);
await api('POST', '/api/elections/iran-2024-fa/bulletins', seed001);
await mkdir(OUT, { recursive: true });

const browser = await launchBrowser();
const shot = async (name: string, url: string, viewport: { width: number; height: number }, prepare?: (page: import('playwright-core').Page) => Promise<void>, fullPage = false, scale = 1, locale = 'en-US') => {
  const context = await browser.newContext({ viewport, locale, timezoneId: 'Asia/Tehran', deviceScaleFactor: scale });
  const page = await context.newPage();
  await page.goto(`${base}${url}`);
  await prepare?.(page);
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => scrollTo(0, 0));
  // Let bar and figure transitions finish: screenshots show the settled frame.
  await page.waitForTimeout(1200);
  await page.screenshot({ path: new URL(`${name}.png`, OUT).pathname, fullPage });
  await context.close();
  console.log(`docs/screenshots/${name}.png`);
};

// The ticker receives seed 000 live, so the changes since the previous bulletin are marked.
await shot('ticker-desktop', '/e/iran-2017', { width: 1280, height: 900 }, async (page) => {
  await page.locator('.candidate').first().waitFor();
  await api('POST', '/api/elections/iran-2017/bulletins', seed000);
  await page.locator('.change:not(:empty)').first().waitFor();
}, true);
await shot('ticker-mobile', '/e/iran-2024', { width: 360, height: 780 }, async (page) => {
  await page.locator('[data-round="2"] .candidate').first().waitFor();
}, true);
for (const layout of ['bars', 'lower-third', 'ticker']) {
  await shot(`graphics-${layout}`, `/graphics/iran-2017?layout=${layout}&backdrop=studio`, { width: 1920, height: 1080 }, async (page) => {
    await page.locator('.g-row').first().waitFor();
  }, false, 2 / 3); // 1280x720 files: the canvas is 1920x1080, the README needs less.
}
await shot('console', '/console', { width: 1440, height: 900 }, async (page) => {
  await page.fill('#token', TOKEN);
  await page.click('#signin-form button[type=submit]');
  await page.selectOption('#election-select', 'iran-2017');
  await page.locator('[name="votes.rouhani"]').waitFor();
  await page.fill('[name="ballotsCounted"]', 'over 40 million');
  await page.fill('[name="source"]', 'Interior Ministry');
  await page.fill('[name="votes.rouhani"]', '23,5 million');
  await page.fill('[name="votes.raisi"]', 'around 15,8 million');
  await page.check('#f-final');
  await page.locator('.preview-headline').waitFor();
}, true);
await shot('rehearsal-graphics-bars', '/graphics/rehearsal-2017?layout=bars&backdrop=studio', { width: 1920, height: 1080 }, async (page) => {
  await page.locator('.g-test').waitFor();
}, false, 2 / 3);
await shot('console-go-live', '/console?election=rehearsal-2017', { width: 1440, height: 900 }, async (page) => {
  await page.fill('#token', TOKEN);
  await page.click('#signin-form button[type=submit]');
  await page.locator('#rehearsal').waitFor();
  await page.click('#go-live');
  await page.keyboard.type('rehearsal-2017');
});

// Persian: a reader in Tehran (fa-IR) on a phone, and the bars on air for a Persian election.
await shot('ticker-mobile-fa', '/e/iran-2024-fa', { width: 360, height: 780 }, async (page) => {
  await page.locator('[data-round="2"] .candidate').first().waitFor();
}, true, 1, 'fa-IR');
await shot('graphics-bars-fa', '/graphics/iran-2017-fa?layout=bars&backdrop=studio', { width: 1920, height: 1080 }, async (page) => {
  await page.locator('.g-row').first().waitFor();
}, false, 2 / 3);

await browser.close();
await app.close();
await store.close();
