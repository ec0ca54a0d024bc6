import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler } from 'express';
import { buildOpenApiDocument } from '../openapi/openapi-document.ts';

const pageDir = fileURLToPath(new URL('./api-docs/', import.meta.url));
const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Swagger UI injects inline styles (and SVG icons as data: URLs), so the reference page gets a policy
 * of its own, scoped to `/api/docs`: scripts still only from this server, no inline script anywhere.
 * Set after any app-wide CSP, so it replaces it on these paths only.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const docsPolicy: RequestHandler = (_req, res, next) => {
  res.setHeader('content-security-policy', DOCS_CSP);
  next();
};

/** `GET /api/openapi.json` and the reference page `GET /api/docs` (Swagger UI from the npm package, no CDN). */
export function docsRoutes(): Router {
  const router = Router();
  const document = JSON.stringify(buildOpenApiDocument(version));
  const page = readFileSync(`${pageDir}index.html`, 'utf8');

  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(document);
  });
  router.get('/docs', docsPolicy, (req, res) => {
    // The page's links are relative to /api/docs; with a trailing slash they would miss.
    if (req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, '../docs');
    res.type('html').send(page);
  });
  router.use('/docs', docsPolicy, express.static(pageDir, { index: false }), express.static(swaggerDir, { index: false }));
  return router;
}
