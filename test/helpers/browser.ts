import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startRestartableServer, type RestartableServer } from './restartable-server.ts';

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

/** What a browser test has: a server, a browser, and pages of that server it opens. */
export interface BrowserNight {
  /** The restartable server (helpers/restartable-server.ts) the pages talk to. */
  readonly server: RestartableServer;
  readonly browser: Browser;
  /** A blank page in a context of its own, 1280x900 unless `options` say otherwise; its problems are collected. */
  page(options?: BrowserContextOptions): Promise<Page>;
  /** `page`, at `path` of the server. */
  open(path: string, options?: BrowserContextOptions): Promise<Page>;
  /** The newsroom console signed in with `token`, as a desk opens it: on `electionId`, or on none yet (the desk picks one). */
  console(token: string, electionId?: string): Promise<Page>;
  /** Every CSP violation and page error of every page opened so far: a test expects none. */
  problems(): string[];
}

/**
 * Where every browser test starts, registered on the enclosing `describe`: before all its tests, a
 * restartable server (`env` on top of the test settings) that `prepare` fills (elections defined,
 * bulletins accepted), then a browser; after them, both closed.
 */
export function useBrowserNight({ env = {}, prepare }: { env?: Record<string, string>; prepare?: (server: RestartableServer) => Promise<unknown> } = {}): BrowserNight {
  let server: RestartableServer | undefined;
  let browser: Browser | undefined;
  const problems: string[][] = [];
  beforeAll(async () => {
    server = await startRestartableServer(env);
    await prepare?.(server);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(part: T | undefined): T => {
    if (part === undefined) throw new Error('the browser night starts in beforeAll: use it inside a test');
    return part;
  };
  const night: BrowserNight = {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
    async page(options = {}) {
      const opened = await openPage(started(browser), { viewport: { width: 1280, height: 900 }, ...options });
      problems.push(opened.problems);
      return opened.page;
    },
    async open(path, options) {
      const page = await night.page(options);
      await page.goto(`${started(server).url}${path}`, { waitUntil: 'domcontentloaded' });
      return page;
    },
    async console(token, electionId) {
      const desk = await night.open(electionId ? `/console?election=${electionId}` : '/console');
      await desk.fill('#token', token);
      await desk.click('#signin-form button[type=submit]');
      return desk;
    },
    problems: () => problems.flat(),
  };
  return night;
}

/**
 * Types figures into the console's bulletin form (field name -> text) and waits until the preview
 * computed from them allows publishing: Publish is enabled by that preview only, so wait, never sleep.
 */
export async function typeFigures(desk: Page, figures: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(figures)) await desk.fill(`[name="${name}"]`, value);
  await desk.locator('#preview[data-state="ok"]').waitFor();
  await expect.poll(() => desk.locator('#publish').isDisabled()).toBe(false);
}
