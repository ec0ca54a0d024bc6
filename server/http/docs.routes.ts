import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { buildOpenApiDocument } from '../openapi/openapi-document.ts';
import { docsSecurityHeaders } from '../security/http-hardening.ts';

const pageDir = fileURLToPath(new URL('./api-docs/', import.meta.url));
const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** `GET /api/openapi.json` and the reference page `GET /api/docs` (Swagger UI from the npm package, no CDN). */
export function docsRoutes(): Router {
  const router = Router();
  const document = JSON.stringify(buildOpenApiDocument(version));
  const page = readFileSync(`${pageDir}index.html`, 'utf8');

  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(document);
  });
  router.get('/docs', docsSecurityHeaders, (req, res) => {
    // The page's links are relative to /api/docs; with a trailing slash they would miss.
    if (req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, '../docs');
    res.type('html').send(page);
  });
  router.use('/docs', docsSecurityHeaders, express.static(pageDir, { index: false }), express.static(swaggerDir, { index: false }));
  return router;
}
