import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { ok, startRestartableServer } from './restartable-server.ts';

/** Debian's Chromium (`apt-get install -y chromium`); never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium with the flags CI needs. playwright-core gives each launch a fresh, temporary
 * --user-data-dir, so no state leaks between runs.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** The Content-Security-Policy the pages are written for (no inline script or style, same origin); the server sends at least this. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * A page in its own context, collecting every CSP violation and page error so a test can assert there
 * were none; every HTML answer must carry the server's strict CSP (helmet's, see
 * server/security/http-hardening.ts): no inline script or style allowed, scripts only from the server.
 */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', ...options });
  const page: Page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`csp: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document') return;
    const csp = response.headers()['content-security-policy'] ?? '';
    const strict = STRICT_CSP.split('; ').filter((d) => !d.startsWith('frame-ancestors')).every((d) => csp.includes(d));
    if (!strict || csp.includes('unsafe-inline')) problems.push(`csp: ${response.url()} is not served with the strict policy: "${csp}"`);
  });
  return { context, page, problems };
}

/**
 * What every browser test starts from: a restartable server with one election defined and some
 * bulletins accepted, and a browser. `close` stops both.
 */
export async function startBrowserNight(electionId: string, definition: unknown, ...bulletins: unknown[]) {
  const server = await startRestartableServer();
  ok(await server.request('PUT', `/api/elections/${electionId}`, definition), `define ${electionId}`);
  for (const [i, b] of bulletins.entries()) ok(await server.request('POST', `/api/elections/${electionId}/bulletins`, b), `bulletin ${i + 1}`);
  const browser = await launchBrowser();
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Opens pages of a server, each in its own context under the strict CSP, at a viewport; `problems`
 * collects every page's CSP violations and errors for one final assertion.
 */
export function pageOpener(browser: Browser, baseUrl: string) {
  const problems: string[][] = [];
  return {
    problems,
    async open(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
      const opened = await openPage(browser, { viewport });
      problems.push(opened.problems);
      await opened.page.goto(`${baseUrl}${path}`, { waitUntil: 'domcontentloaded' });
      return opened.page;
    },
  };
}

/** The newsroom console on `electionId`, signed in with `token`, as a desk opens it. */
export async function openConsole(browser: Browser, serverUrl: string, electionId: string, token: string) {
  const opened = await openPage(browser);
  await opened.page.goto(`${serverUrl}/console?election=${electionId}`, { waitUntil: 'domcontentloaded' });
  await opened.page.fill('#token', token);
  await opened.page.click('#signin-form button[type=submit]');
  return opened;
}
