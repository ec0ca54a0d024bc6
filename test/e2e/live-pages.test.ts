import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { useBrowserNight } from '../helpers/browser.ts';
import { define, TEST_TOKEN } from '../helpers/test-server.ts';

describe('a bulletin published from the console reaches open pages without reload', () => {
  const night = useBrowserNight({ prepare: (server) => define(server, 'iran-2017', iran2017, seed000) });

  /** The console as a desk opens it without a link: signed in, then the election picked from the list. */
  async function openDesk(): Promise<Page> {
    const page = await night.console(TEST_TOKEN);
    await page.selectOption('#election-select', 'iran-2017');
    await page.locator('[name="votes.rouhani"]').waitFor();
    return page;
  }

  it('console -> ticker and graphics, live, under a strict CSP', async () => {
    const ticker = await night.open('/e/iran-2017');
    const graphics = await night.open('/graphics/iran-2017?layout=bars', { viewport: { width: 1920, height: 1080 } });
    await ticker.locator('#connection[data-state="live"]').waitFor();
    await graphics.locator('html[data-status="live"]').waitFor();
    const rouhaniVotes = ticker.locator('[data-candidate="rouhani"] .votes');
    await expect.poll(() => rouhaniVotes.textContent()).toBe('14,619,000');
    await expect.poll(() => graphics.locator('[data-candidate="rouhani"] .g-votes').textContent()).toBe('14,619,000');

    const desk = await openDesk();
    await desk.fill('[name="ballotsCounted"]', 'over 40 million');
    await desk.fill('[name="source"]', 'Interior Ministry');
    await desk.fill('[name="votes.rouhani"]', '23,5 million');
    await desk.fill('[name="votes.raisi"]', 'around 15,8 million');
    // Each figure shows how it was read before anything is sent; rounded figures tick "approximate".
    await expect.poll(() => desk.locator('[data-field="votes.rouhani"] .figure-read').textContent()).toContain('= 23,500,000');
    expect(await desk.isChecked('#f-approximate')).toBe(true);
    await desk.check('#f-final');
    await expect.poll(() => desk.locator('.preview-headline').textContent()).toBe('Hassan Rouhani wins');
    await desk.click('#publish');
    await desk.locator('#answer[data-kind="ok"]').waitFor();
    expect(await desk.locator('#answer').textContent()).toMatch(/Published as version 2/);

    // Both open pages show it, without reload.
    await expect.poll(() => rouhaniVotes.textContent(), { timeout: 5000 }).toBe('23,500,000');
    expect(await ticker.locator('[data-candidate="rouhani"] .change').textContent()).toBe('+8,881,000');
    expect(await ticker.locator('.headline').first().textContent()).toBe('Hassan Rouhani wins');
    await expect.poll(() => graphics.locator('[data-candidate="rouhani"] .g-votes').textContent(), { timeout: 5000 }).toBe('23,500,000');
    expect(await graphics.locator('.g-headline').textContent()).toBe('Hassan Rouhani wins');
    // The history lists it with the token's label.
    await expect.poll(() => desk.locator('#history-body tr[data-version="2"] td:nth-child(3)').textContent()).toBe('desk');
    expect(night.problems()).toEqual([]);
  });

  it('the console explains what it cannot read, and a refusal field by field, before publishing', async () => {
    const desk = await openDesk();
    await desk.fill('[name="ballotsCounted"]', '1.234');
    await expect.poll(() => desk.locator('[data-field="ballotsCounted"] .figure-read').textContent()).toContain('could be 1234');
    expect(await desk.locator('#publish').isDisabled()).toBe(true);
    await desk.fill('[name="ballotsCounted"]', '30,000,000');
    await desk.fill('[name="votes.raisi"]', '1m');
    // Raisi's count would go down: the preview refuses, naming the field, and publishing stays off.
    // The preview was already "refused" (unreadable "1.234"), so wait for the one computed from these
    // figures, by its content, not for the state: the state alone can be the stale one.
    await expect.poll(() => desk.locator('#preview .issues').textContent()).toMatch(/Ebrahim Raisi: .*goes down/);
    expect(await desk.locator('#preview').getAttribute('data-state')).toBe('refused');
    expect(await desk.locator('[data-field="votes.raisi"] .field-error').textContent()).toMatch(/goes down from [\d,]+ to 1,000,000/);
    expect(await desk.locator('#publish').isDisabled()).toBe(true);

    // Defining an election from the console selects it, with its candidates in the form.
    await desk.click('#new-election');
    await desk.fill('#d-name', 'City mayor 2026');
    expect(await desk.inputValue('#d-electionId')).toBe('city-mayor-2026');
    await desk.selectOption('#d-rule', 'plurality');
    const rows = desk.locator('.candidate-row');
    await rows.nth(0).locator('input[type=text]').first().fill('Ada Lovelace');
    await rows.nth(1).locator('input[type=text]').first().fill('Alan Turing');
    await desk.click('#define button[type=submit]');
    await expect.poll(() => desk.inputValue('#election-select')).toBe('city-mayor-2026');
    await desk.locator('[name="votes.alan-turing"]').waitFor();
    // Defined as a rehearsal (the default): the console shows the TEST marker and the way to go live.
    await desk.locator('#rehearsal').waitFor({ state: 'visible' });
    expect(night.problems()).toEqual([]);
  });
});
