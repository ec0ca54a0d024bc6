import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_CSP } from '../../server/security/http-hardening.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

describe('the API reference page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer({ store: 'memory' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders every operation from /api/openapi.json under its own CSP, with no violation and nothing from elsewhere', async () => {
    const page = await browser.newPage();
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
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    const res = await page.goto(`${server.url}/api/docs`);
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
    const res = await fetch(`${server.url}/api/docs/`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(new URL(res.headers.get('location')!, `${server.url}/api/docs/`).pathname).toBe('/api/docs');
  });
});
