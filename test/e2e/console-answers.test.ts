import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsole, startBrowserNight } from '../helpers/browser.ts';
import type { RestartableServer } from '../helpers/restartable-server.ts';
import { TEST_TOKEN } from '../helpers/test-server.ts';

const mayor = {
  name: 'City mayor',
  rule: { kind: 'plurality' },
  candidates: [
    { id: 'ada', name: 'Ada Lovelace' },
    { id: 'alan', name: 'Alan Turing' },
  ],
};

/** The console puts the server's answer to a publish in words: accepted, duplicate, refused. */
describe("the console explains the server's answer", () => {
  let server: RestartableServer;
  let browser: Browser;
  let night: Awaited<ReturnType<typeof startBrowserNight>>;
  beforeAll(async () => {
    night = await startBrowserNight('mayor', mayor);
    ({ server, browser } = night);
  });
  afterAll(() => night?.close());

  async function desk(token: string): Promise<{ page: Page; problems: string[] }> {
    const opened = await openConsole(browser, server.url, 'mayor', token);
    await opened.page.locator('[name="votes.ada"]').waitFor();
    return opened;
  }

  async function type(page: Page, figures: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries(figures)) await page.fill(`[name="${name}"]`, value);
    // Publish is enabled only by the preview computed from what was typed: wait for it, never sleep.
    await page.locator('#preview[data-state="ok"]').waitFor();
    await expect.poll(() => page.locator('#publish').isDisabled()).toBe(false);
  }

  it('accepted, then the same bulletin again as a duplicate, counted once', async () => {
    const { page, problems } = await desk(TEST_TOKEN);
    const figures = { ballotsCounted: '1,000', 'votes.ada': '600', 'votes.alan': '400', id: 'briefing-1' };
    await page.click('.more summary');
    await type(page, figures);
    await page.click('#publish');
    await expect.poll(() => page.locator('#answer').getAttribute('data-kind')).toBe('ok');
    expect(await page.locator('#answer .answer-title').textContent()).toMatch(/^Published as version 1 at /);

    // The same figures and id again: the preview still reads them, the server recognises them.
    await page.locator('#history-body tr[data-version="1"]').waitFor();
    await expect.poll(() => page.locator('#publish').isDisabled()).toBe(false);
    await page.click('#publish');
    await expect.poll(() => page.locator('#answer').getAttribute('data-kind')).toBe('duplicate');
    expect(await page.locator('#answer').textContent()).toBe('Already published as version 1: this exact bulletin was accepted before, so nothing was counted twice.');
    expect((await server.request('GET', '/api/elections/mayor')).body.version).toBe(1);
    expect(problems).toEqual([]);
  });

  it('refused: the reason in words, the server code beside it, and a bad token signs the desk out', async () => {
    const { page, problems } = await desk('not-a-valid-token-0000');
    await type(page, { ballotsCounted: '2,000', 'votes.ada': '1,100', 'votes.alan': '900' });
    await page.click('#publish');
    await expect.poll(() => page.locator('#answer').getAttribute('data-kind')).toBe('refused');
    expect(await page.locator('#answer .answer-title').textContent()).toBe('Refused: The token was refused. Sign in again with a valid ingest token.');
    expect(await page.locator('#answer .hint').textContent()).toMatch(/^Server: unauthorized · /);
    await page.locator('#signin').waitFor({ state: 'visible' });
    expect((await server.request('GET', '/api/elections/mayor')).body.version).toBe(1);
    expect(problems).toEqual([]);
  });
});
