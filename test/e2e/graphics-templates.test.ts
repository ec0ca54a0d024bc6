import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_DIR } from '../../server/http/client-dir.ts';
import { iran2017, iran2024, round1Final2024, seed000, seed001, seed002 } from '../fixtures/seeds.ts';
import { STRICT_CSP, useBrowserNight } from '../helpers/browser.ts';
import { define } from '../helpers/test-server.ts';

const FOLDER = join(CLIENT_DIR, 'templates', 'tallyroom');
const TYPES: Record<string, string> = { '.html': 'text/html', '.mjs': 'text/javascript', '.json': 'application/json' };

/**
 * A playout system's own web server (an OGraf renderer, SPX-GC) on another port: it serves its renderer
 * page and, under /templates/tallyroom/, the folder an operator copied from Tallyroom's build.
 */
async function startRenderer(pages: Record<string, { body: string; headers?: Record<string, string> }>) {
  const httpServer = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const own = pages[path];
    if (own) {
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'text/plain', ...own.headers }).end(own.body);
      return;
    }
    readFile(join(FOLDER, path.replace('/templates/tallyroom/', ''))).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return { url: `http://localhost:${(httpServer.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => httpServer.close(() => resolve())) };
}

/** The renderer's page: a module that imports the graphic named by the manifest and defines its element, as OGraf renderers do. */
const RENDERER_PAGE = {
  '/renderer.html': {
    body: '<!doctype html><html><body><script type="module" src="/renderer.mjs"></script></body></html>',
    // Its own strict policy, which may frame the Tallyroom server on any loopback port.
    headers: { 'content-security-policy': `${STRICT_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'none'; frame-src http://127.0.0.1:*")}` },
  },
  '/renderer.mjs': {
    body: `const manifest = await (await fetch('/templates/tallyroom/tallyroom-results.ograf.json')).json();
const { default: Graphic } = await import('/templates/tallyroom/' + manifest.main);
customElements.define('x-graphic', Graphic);
window.graphic = document.body.appendChild(document.createElement('x-graphic'));`,
  },
};

/**
 * Records every text the on-air figures take from now on (shares, votes, progress, headline), so a
 * test can prove that none was ever empty or in between during an update.
 */
const recordFigures = (target: Page | Frame) =>
  target.evaluate(() => {
    const seen: string[] = [];
    const read = () => {
      for (const el of document.querySelectorAll('.g-share, .g-votes, .g-progress, .g-name')) seen.push(el.textContent ?? '');
    };
    new MutationObserver(read).observe(document.getElementById('stage')!, { subtree: true, childList: true, characterData: true });
    (window as unknown as { seenFigures: string[] }).seenFigures = seen;
  });
const recorded = (target: Page | Frame) => target.evaluate(() => (window as unknown as { seenFigures: string[] }).seenFigures);

const shownState = (target: Page | Frame) =>
  target.evaluate(() => {
    const panel = document.querySelector<HTMLElement>('.g-panel');
    return panel ? { shown: panel.classList.contains('is-shown'), opacity: getComputedStyle(panel).opacity, layout: panel.className.replace(/g-panel|is-shown|is-instant/g, '').trim() } : null;
  });
const rowIds = (target: Page | Frame) => target.locator('.g-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-candidate')));

describe('graphics as broadcast templates (CasparCG, SPX-GC, OGraf)', () => {
  let renderer: Awaited<ReturnType<typeof startRenderer>>;
  const env: Record<string, string> = {};
  // Before the night's server starts: the renderer's origin may frame the graphics pages, as a newsroom
  // sets FRAME_ANCESTORS for its playout.
  beforeAll(async () => {
    renderer = await startRenderer(RENDERER_PAGE);
    env.FRAME_ANCESTORS = `self ${renderer.url}`;
  });
  afterAll(() => renderer?.close());
  const night = useBrowserNight({
    env,
    async prepare(server) {
      await define(server, 'iran-2017', iran2017, seed000);
      await define(server, 'iran-2024', iran2024, round1Final2024, seed001);
    },
  });
  const post = async (body: unknown) => expect((await night.server.request('POST', '/api/elections/iran-2017/bulletins', body)).status).toBe(201);

  it('CasparCG: hidden until play(), update() with XML or JSON, next() pages, stop() animates out; no figure is ever empty', async () => {
    const page = await night.open('/graphics/iran-2017?layout=bars&template=1', { viewport: { width: 1920, height: 1080 } });
    await page.locator('.g-row').first().waitFor({ state: 'attached' });
    expect(await shownState(page)).toEqual({ shown: false, opacity: '0', layout: 'g-bars' });

    await page.evaluate(() =>
      (window as unknown as { update: (d: string) => Promise<void> }).update(
        '<templateData><componentData id="layout"><data id="text" value="lower-third"/></componentData><componentData id="candidates"><data id="text" value="raisi,rouhani"/></componentData></templateData>',
      ),
    );
    expect(await shownState(page)).toEqual({ shown: false, opacity: '0', layout: 'g-lower-third' });
    expect(await rowIds(page)).toEqual(['rouhani', 'raisi']);

    expect(await page.evaluate(() => (window as unknown as { play: () => Promise<unknown> }).play())).toEqual({ currentStep: 0 });
    // play() resolves once animated in.
    expect(await shownState(page)).toEqual({ shown: true, opacity: '1', layout: 'g-lower-third' });

    await recordFigures(page);
    const before = await page.locator('[data-candidate="rouhani"] .g-share').textContent();
    const shares = async () => ((await night.server.request('GET', '/api/elections/iran-2017')).body.rounds[0].candidates as Array<{ share: number }>).map((c) => `${c.share.toFixed(1)}%`);
    const published = new Set(await shares());
    // While on air: more candidates (JSON this time), then a new bulletin; then two per page and next().
    await page.evaluate(() => (window as unknown as { update: (d: string) => Promise<void> }).update(JSON.stringify({ layout: 'bars', candidates: '' })));
    expect(await shownState(page)).toEqual({ shown: true, opacity: '1', layout: 'g-bars' });
    await post(seed002);
    await expect.poll(() => page.locator('.g-progress').textContent()).toBe('Final result');
    const after = await page.locator('[data-candidate="rouhani"] .g-share').textContent();
    expect(after).not.toBe(before);
    await page.evaluate(() => (window as unknown as { update: (d: unknown) => Promise<void> }).update({ max: 2 }));
    expect(await rowIds(page)).toEqual(['rouhani', 'raisi']);
    expect(await page.evaluate(() => (window as unknown as { next: () => Promise<unknown> }).next())).toEqual({ currentStep: 1 });
    expect(await rowIds(page)).toEqual(['mirsalim', 'hashemi-taba']);
    await page.evaluate(() => (window as unknown as { next: () => Promise<unknown> }).next());
    expect(await rowIds(page)).toEqual(['rouhani', 'raisi']);
    const seen = await recorded(page);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((text) => text.trim() === '')).toEqual([]);
    // Every share on air was one the server published, before or after the final bulletin: nothing in between.
    for (const share of await shares()) published.add(share);
    for (const text of seen.filter((t) => /%$/.test(t))) expect(published.has(text), text).toBe(true);

    await page.evaluate(() => (window as unknown as { stop: () => Promise<void> }).stop());
    expect(await shownState(page)).toEqual({ shown: false, opacity: '0', layout: 'g-bars' });
    expect(night.problems()).toEqual([]);
  });

  it('CasparCG: an update naming another election keeps the old figures on air until the new ones are there', async () => {
    const page = await night.open('/graphics/iran-2017?layout=bars&template=1', { viewport: { width: 1920, height: 1080 } });
    await page.locator('.g-row').first().waitFor({ state: 'attached' });
    await page.evaluate(() => (window as unknown as { play: () => Promise<unknown> }).play());
    await recordFigures(page);
    await page.evaluate(() => (window as unknown as { update: (d: unknown) => Promise<void> }).update({ election: 'iran-2024', round: '1' }));
    await expect.poll(() => rowIds(page)).toEqual(['pezeshkian', 'jalili', 'ghalibaf', 'pourmohammadi']);
    expect(await page.locator('.g-round').textContent()).toBe('First round');
    expect(await shownState(page)).toMatchObject({ shown: true, opacity: '1' });
    const seen = await recorded(page);
    expect(seen.filter((text) => text.trim() === '')).toEqual([]);
    // A typo in the data changes nothing on air and tells the operator, beside the canvas.
    await page.evaluate(() => (window as unknown as { update: (d: string) => Promise<void> }).update('{not json'));
    expect(await rowIds(page)).toEqual(['pezeshkian', 'jalili', 'ghalibaf', 'pourmohammadi']);
    expect(await page.locator('#operator').getAttribute('data-state')).toBe('error');
    expect(night.problems()).toEqual([]);
  });

  async function openRenderer(path: string): Promise<Page> {
    const page = await night.page({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${renderer.url}${path}`, { waitUntil: 'domcontentloaded' });
    return page;
  }

  const tallyFrame = (page: Page): Frame => page.frames().find((f) => f.url().startsWith(night.server.url))!;

  it('OGraf: the manifest names the web component, which a renderer loads, plays, updates, steps, runs custom actions and stops', async () => {
    const manifest = JSON.parse(await readFile(join(FOLDER, 'tallyroom-results.ograf.json'), 'utf8'));
    expect(manifest).toMatchObject({ $schema: 'https://ograf.ebu.io/v1/specification/json-schemas/graphics/schema.json', id: 'tallyroom-results', main: 'tallyroom-results.mjs', supportsRealTime: true, supportsNonRealTime: false });
    expect(manifest.customActions.map((a: { id: string }) => a.id)).toEqual(['showRound', 'nextPage']);
    // The renderer imports the module and defines the element under a tag of its choosing, as OGraf renderers do.
    const page = await openRenderer('/renderer.html');
    await page.waitForFunction(() => 'graphic' in window);
    type G = { [action: string]: (params?: unknown) => Promise<{ statusCode: number; currentStep?: number }> };
    const act = (action: string, params?: unknown) => page.evaluate(([a, p]) => (window as unknown as { graphic: G }).graphic[a as string]!(p), [action, params] as const);

    expect(await act('load', { data: { server: night.server.url, election: 'iran-2024', layout: 'bars', max: 2 }, renderType: 'realtime', renderCharacteristics: {} })).toEqual({ statusCode: 200 });
    const frame = tallyFrame(page);
    await frame.locator('.g-row').first().waitFor({ state: 'attached' });
    expect(await shownState(frame)).toMatchObject({ shown: false, opacity: '0' });
    expect(await act('playAction', {})).toEqual({ statusCode: 200, currentStep: 0 });
    expect(await shownState(frame)).toEqual({ shown: true, opacity: '1', layout: 'g-bars' });
    expect(await frame.locator('.g-round').textContent()).toBe('Runoff');

    await recordFigures(frame);
    expect(await act('customAction', { id: 'showRound', payload: { round: 1 } })).toEqual({ statusCode: 200 });
    expect(await rowIds(frame)).toEqual(['pezeshkian', 'jalili']);
    expect(await act('playAction', { delta: 1 })).toEqual({ statusCode: 200, currentStep: 1 });
    expect(await rowIds(frame)).toEqual(['ghalibaf', 'pourmohammadi']);
    expect(await act('playAction', { goto: 0 })).toEqual({ statusCode: 200, currentStep: 0 });
    expect(await act('updateAction', { data: { layout: 'ticker', max: 12 } })).toEqual({ statusCode: 200 });
    expect(await shownState(frame)).toEqual({ shown: true, opacity: '1', layout: 'g-ticker' });
    expect(await rowIds(frame)).toEqual(['pezeshkian', 'jalili', 'ghalibaf', 'pourmohammadi']);
    expect((await recorded(frame)).filter((text) => text.trim() === '')).toEqual([]);
    expect(await act('customAction', { id: 'nope' })).toMatchObject({ statusCode: 404 });

    // One page now: a step past it goes to the end, as the OGraf step model says.
    expect(await act('playAction', { delta: 1 })).toEqual({ statusCode: 200, currentStep: undefined });
    expect(await shownState(frame)).toMatchObject({ shown: false, opacity: '0' });
    expect(await act('playAction', { skipAnimation: true })).toEqual({ statusCode: 200, currentStep: 0 });
    expect(await shownState(frame)).toMatchObject({ shown: true, opacity: '1' });
    expect(await act('stopAction', {})).toEqual({ statusCode: 200 });
    expect(await shownState(frame)).toMatchObject({ shown: false, opacity: '0' });
    expect(await act('dispose', {})).toEqual({ statusCode: 200 });
    expect(await page.locator('iframe').count()).toBe(0);
    expect(night.problems()).toEqual([]);
  });

  it('SPX-GC: the template file declares its fields, and SPX update() then play() puts the graphic on air', async () => {
    // SPX's renderer serves the template from its own folder and calls the globals SPX's docs name.
    const context = await night.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${renderer.url}/templates/tallyroom/tallyroom-spx.html`, { waitUntil: 'load' });
    const definition = await page.evaluate(() => (window as unknown as { SPXGCTemplateDefinition: { dataformat: string; DataFields: Array<{ field?: string }> } }).SPXGCTemplateDefinition);
    expect(definition.dataformat).toBe('json');
    expect(definition.DataFields.map((f) => f.field).filter(Boolean)).toEqual(['election', 'layout', 'round', 'candidates', 'max', 'lang', 'server']);
    // What SPX sends: every field as a string, in one JSON text.
    const fields = JSON.stringify({ election: 'iran-2017', layout: 'lower-third', round: '', candidates: '', max: '2', lang: 'fa', server: night.server.url });
    await page.evaluate((json) => (window as unknown as { update: (d: string) => Promise<void> }).update(json), fields);
    await page.waitForFunction(() => (window as unknown as { play: unknown }).play);
    await page.evaluate(() => (window as unknown as { play: () => Promise<void> }).play());
    const frame = tallyFrame(page);
    expect(await shownState(frame)).toEqual({ shown: true, opacity: '1', layout: 'g-lower-third' });
    expect(await frame.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await rowIds(frame)).toEqual(['rouhani', 'raisi']);
    await page.evaluate(() => (window as unknown as { next: () => Promise<void> }).next());
    expect(await rowIds(frame)).toEqual(['mirsalim', 'hashemi-taba']);
    await page.evaluate(() => (window as unknown as { stop: () => Promise<void> }).stop());
    expect(await shownState(frame)).toMatchObject({ shown: false, opacity: '0' });
    expect(errors).toEqual([]);
    await context.close();
  });
});
