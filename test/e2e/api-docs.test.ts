import { describe, expect, it } from 'vitest';
import { DOCS_CSP } from '../../server/security/http-hardening.ts';
import { useBrowserNight } from '../helpers/browser.ts';

describe('the API reference page in Chromium', () => {
  // Its own CSP, not the pages' strict one: a page of the plain browser, not of `night.page`.
  const night = useBrowserNight();

  it('renders every operation from /api/openapi.json under its own CSP, with no violation and nothing from elsewhere', async () => {
    const page = await night.browser.newPage();
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(night.server.url) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    const res = await page.goto(`${night.server.url}/api/docs`);
    expect(res?.headers()['content-security-policy']).toBe(DOCS_CSP);
    await page.waitForSelector('.opblock-summary-path', { timeout: 20_000 });
    const paths = await page.$$eval('.opblock-summary-path', (els) => els.map((e) => e.getAttribute('data-path')));
    expect(paths).toContain('/api/elections/{electionId}/bulletins');
    expect(paths).toContain('/api/elections/{electionId}/go-live');
    expect(await page.title()).toBe('Tallyroom API reference');
    await page.screenshot({ path: 'test-results/api-docs.png' });
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('redirects /api/docs/ so that its relative links still resolve', async () => {
    const res = await fetch(`${night.server.url}/api/docs/`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(new URL(res.headers.get('location')!, `${night.server.url}/api/docs/`).pathname).toBe('/api/docs');
  });
});
