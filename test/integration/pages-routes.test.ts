import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageRoutes } from '../../server/http/pages.routes.ts';

/** The page routes against a stand-in build (the real one is exercised by the browser tests). */
describe('page routes', () => {
  let dir: string;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tallyroom-pages-'));
    await mkdir(join(dir, 'assets'));
    for (const page of ['index', 'election', 'graphics', 'console']) await writeFile(join(dir, `${page}.html`), `<!doctype html><title>${page}</title>`);
    await writeFile(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
    const app = express().use(pageRoutes({ dir })).use('/missing', pageRoutes({ dir: join(dir, 'nowhere') }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => {
    await close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['/', 'index'],
    ['/e/iran-2017', 'election'],
    ['/graphics/iran-2017?layout=ticker', 'graphics'],
    ['/console', 'console'],
  ])('serves %s with the %s page, revalidated on every load', async (path, page) => {
    const res = await fetch(`${url}${path}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`<title>${page}</title>`);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('caches hashed assets for a year and answers a missing one with a plain 404', async () => {
    const asset = await fetch(`${url}/assets/app-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${url}/assets/app-old.js`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('no such asset\n');
  });

  it('says how to build the pages when they are not built', async () => {
    const res = await fetch(`${url}/missing/console`);
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/npm run build:client/);
  });
});
