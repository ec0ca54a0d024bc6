import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { ErrorCode } from '../../shared/codes/error-codes.ts';
import { AppError } from '../errors/app-error.ts';
import { CLIENT_DIR } from './client-dir.ts';


/** Each page path and the built HTML file that serves it. */
const PAGES: ReadonlyArray<[string, string]> = [
  ['/', 'index.html'],
  ['/e/:electionId', 'election.html'],
  ['/n/:nightId', 'night.html'],
  ['/graphics/n/:nightId', 'night-graphics.html'],
  ['/graphics/:electionId', 'graphics.html'],
  ['/console', 'console.html'],
];

/**
 * The reader ticker, on-air graphics and newsroom console, as vite built them. Hashed assets are
 * cached for a year (their name changes with their content); pages are revalidated on every load so
 * a deploy reaches readers at once. Pages read their election from the URL and everything else from
 * the API and socket, so one static file serves every election.
 */
export function pageRoutes({ dir = CLIENT_DIR }: { dir?: string } = {}): Router {
  const router = Router();
  const built = () => existsSync(join(dir, 'index.html'));

  router.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  // An asset from an older build (a page cached across a deploy): a plain 404, never an error.
  router.use('/assets', (_req, res) => {
    res.status(404).type('text/plain').send('no such asset\n');
  });

  // Broadcast templates (CasparCG/SPX-GC HTML, the OGraf graphic and its manifest): plain files a playout
  // system copies or loads; any origin may fetch them (no credentials, nothing private in them).
  router.use(
    '/templates',
    express.static(join(dir, 'templates'), {
      maxAge: '1h',
      index: false,
      setHeaders: (res) => res.setHeader('Access-Control-Allow-Origin', '*'),
    }),
  );

  const sendPage = (file: string) => (_req: unknown, res: Response) => {
    if (!built()) {
      res.status(503).type('text/plain').send('The pages are not built yet: run `npm run build:client` (npm start does it for you).\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dir, file));
  };
  for (const [path, file] of PAGES) router.get(path, sendPage(file));

  router.get('/favicon.svg', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.sendFile(join(dir, 'favicon.svg'));
  });
  return router;
}

/**
 * Mounted after every route. Any other path: a person in a browser (who asks for HTML first) gets a
 * page that says so and links home; a script or API client gets the API's JSON error body, so `curl`
 * and `fetch` can read it.
 */
export function notFoundPage({ dir = CLIENT_DIR }: { dir?: string } = {}) {
  const built = () => existsSync(join(dir, 'not-found.html'));
  return (req: Request, res: Response, next: NextFunction) => {
    // JSON listed first: `*/*` (curl) and no Accept at all get JSON; a browser's `text/html` ranks higher.
    const wantsPage = (req.method === 'GET' || req.method === 'HEAD') && req.accepts(['json', 'html']) === 'html';
    if (!wantsPage || !built()) {
      next(new AppError(ErrorCode.NotFound, `no page ${req.method} ${req.path}`));
      return;
    }
    res.status(404).setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dir, 'not-found.html'));
  };
}
