import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { typeFigures, useBrowserNight } from '../helpers/browser.ts';
import { define, TEST_TOKEN } from '../helpers/test-server.ts';

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
  const night = useBrowserNight({ prepare: (server) => define(server, 'mayor', mayor) });

  async function desk(token: string): Promise<Page> {
    const page = await night.console(token, 'mayor');
    await page.locator('[name="votes.ada"]').waitFor();
    return page;
  }

  it('accepted, then the same bulletin again as a duplicate, counted once', async () => {
    const page = await desk(TEST_TOKEN);
    const figures = { ballotsCounted: '1,000', 'votes.ada': '600', 'votes.alan': '400', id: 'briefing-1' };
    await page.click('.more summary');
    await typeFigures(page, figures);
    await page.click('#publish');
    await expect.poll(() => page.locator('#answer').getAttribute('data-kind')).toBe('ok');
    expect(await page.locator('#answer .answer-title').textContent()).toMatch(/^Published as version 1 at /);

    // The same figures and id again: the preview still reads them, the server recognises them.
    await page.locator('#history-body tr[data-version="1"]').waitFor();
    await expect.poll(() => page.locator('#publish').isDisabled()).toBe(false);
    await page.click('#publish');
    await expect.poll(() => page.locator('#answer').getAttribute('data-kind')).toBe('duplicate');
    expect(await page.locator('#answer').textContent()).toBe('Already published as version 1: this exact bulletin was accepted before, so nothing was counted twice.');
    expect((await night.server.request('GET', '/api/elections/mayor')).body.version).toBe(1);
    expect(night.problems()).toEqual([]);
  });

  it('refused: the reason in words, the server code beside it, and a bad token signs the desk out', async () => {
    const page = await desk('not-a-valid-token-0000');
    await typeFigures(page, { ballotsCounted: '2,000', 'votes.ada': '1,100', 'votes.alan': '900' });
    await page.click('#publish');
    await expect.poll(() => page.locator('#answer').getAttribute('data-kind')).toBe('refused');
    expect(await page.locator('#answer .answer-title').textContent()).toBe('Refused: The token was refused. Sign in again with a valid ingest token.');
    expect(await page.locator('#answer .hint').textContent()).toMatch(/^Server: unauthorized · /);
    await page.locator('#signin').waitFor({ state: 'visible' });
    expect((await night.server.request('GET', '/api/elections/mayor')).body.version).toBe(1);
    expect(night.problems()).toEqual([]);
  });
});
