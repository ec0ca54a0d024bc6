import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { blockingProxy } from '../helpers/blocking-proxy.ts';
import { useBrowserNight } from '../helpers/browser.ts';
import { define } from '../helpers/test-server.ts';

/** Iran 2017's first briefing (seed 000), then later counts: each a bigger count than the last. */
const later = (n: number) => ({ ...seed000, id: `poll-e2e-${n}`, issuedAt: undefined, source: `Briefing ${n}`, ballotsCounted: 25_000_000 + n * 500_000, votes: { rouhani: 14_619_000 + n * 300_000, raisi: 10_125_000 + n * 200_000 } });

/** Every request the page makes to socket.io, and every WebSocket it opens. */
function watchSockets(page: Page) {
  const seen = { requests: 0, websockets: 0 };
  page.on('request', (request) => {
    if (request.url().includes('/socket.io/')) seen.requests++;
  });
  page.on('websocket', () => seen.websockets++);
  return seen;
}

describe('the ticker without a socket: HTTP polls of the snapshot and the deltas', () => {
  const night = useBrowserNight({ prepare: (server) => define(server, 'iran-2017', iran2017, seed000) });

  /** Posts bulletins 1..n and checks the ticker shows each one as a live change, none skipped. */
  async function postAndSee(ticker: Page, from: number, to: number): Promise<void> {
    for (let n = from; n <= to; n++) expect((await night.server.request('POST', '/api/elections/iran-2017/bulletins', later(n))).status).toBe(201);
    await expect.poll(() => ticker.locator('[data-candidate="rouhani"] .votes').first().textContent()).toBe((14_619_000 + to * 300_000).toLocaleString('en-US'));
    // Each version is in the timeline with the change in ballots counted, which only a delta knows
    // (the history read after a snapshot does not): every version came as a delta, in order.
    for (let n = from; n <= to; n++) {
      const item = ticker.locator(`#timeline-list li[data-version="${n + 1}"]`);
      await expect.poll(() => item.textContent()).toContain(`Briefing ${n}`);
      expect(await item.textContent()).toContain('(+500,000)');
    }
  }

  it('a socket that cannot connect (WebSocket and long-polling blocked): the ticker falls back to polls, goes live and misses no version', async () => {
    // The page through a proxy that refuses both socket.io transports (the upgrade, long-polling).
    const proxy = await blockingProxy(night.server.url);
    try {
      const ticker = await night.page();
      await ticker.goto(`${proxy.url}/e/iran-2017`, { waitUntil: 'domcontentloaded' });
      await ticker.locator('#connection[data-state="live"]').waitFor();
      // The socket was tried (and refused) before the fallback.
      expect(proxy.refused()).toBeGreaterThan(0);
      await postAndSee(ticker, 1, 4);
      expect(night.problems()).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('?transport=poll: polls from the start, never opens a socket', async () => {
    const ticker = await night.page();
    const seen = watchSockets(ticker);
    await ticker.goto(`${night.server.url}/e/iran-2017?transport=poll`, { waitUntil: 'domcontentloaded' });
    await ticker.locator('#connection[data-state="live"]').waitFor();
    await postAndSee(ticker, 5, 6);
    expect(seen).toEqual({ requests: 0, websockets: 0 });
    expect(night.problems()).toEqual([]);
  });

  it('negative control: with the socket open the ticker uses it', async () => {
    const ticker = await night.page();
    const seen = watchSockets(ticker);
    await ticker.goto(`${night.server.url}/e/iran-2017`, { waitUntil: 'domcontentloaded' });
    await ticker.locator('#connection[data-state="live"]').waitFor();
    expect(seen.websockets).toBeGreaterThan(0);
  });
});
