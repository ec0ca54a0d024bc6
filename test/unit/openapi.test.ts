import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { buildOpenApiDocument } from '../../server/openapi/openapi-document.ts';
import { createMemoryStore } from '../../server/store/memory-store.ts';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  rawPath?: unknown;
  handle?: { stack?: Layer[] };
}

/** Every `METHOD /path` the express app routes, nested routers included, as OpenAPI paths (`{param}`). */
function expressRoutes(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = `${prefix}${layer.route.path === '/' ? '' : layer.route.path}`.replace(/:(\w+)/g, '{$1}') || '/';
      return Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${path}`);
    }
    if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      return expressRoutes(layer.handle.stack, prefix + mount);
    }
    return [];
  });
}

const app = createApp({ config: loadConfig({ NODE_ENV: 'test' }), store: createMemoryStore(), logger: pino({ level: 'silent' }) });
const express = app.express as unknown as { router: { stack: Layer[] } };
const document = buildOpenApiDocument('test');

afterAll(() => app.close());

/** The API and operations routes; HTML pages (the client's ticker, graphics, console) are not API. */
const isApi = (route: string) => / \/(api|feeds)(\/|$)/.test(route) || / \/(healthz|readyz|metrics)$/.test(route);

describe('the OpenAPI document', () => {
  const routed = [...new Set(expressRoutes(express.router.stack))].filter(isApi).sort();
  const documented = Object.entries(document.paths ?? {})
    .flatMap(([path, item]) => Object.keys(item ?? {}).filter((k) => ['get', 'put', 'post', 'delete', 'patch'].includes(k)).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();

  it('finds the routes to compare (the walk over express works)', () => {
    expect(routed).toContain('POST /api/elections/{electionId}/bulletins');
    expect(routed.length).toBeGreaterThan(8);
  });

  it('describes every route the server has, and no route it lacks', () => {
    expect(routed.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((r) => !routed.includes(r))).toEqual([]);
  });

  it('is OpenAPI 3.1 whose every $ref resolves', () => {
    expect(document.openapi).toBe('3.1.0');
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((r) => !(r in (document.components?.schemas ?? {})))).toEqual([]);
  });

  it('takes its bodies from the validating schemas: a bulletin needs ballotsCounted and votes, and nothing unknown', () => {
    const bulletin = document.components?.schemas?.Bulletin as { required?: string[]; additionalProperties?: unknown };
    expect(bulletin.required?.sort()).toEqual(['ballotsCounted', 'votes']);
    expect(bulletin.additionalProperties).toBe(false);
    const op = document.paths?.['/api/elections/{electionId}/bulletins']?.post;
    expect(Object.keys(op?.responses ?? {}).sort()).toEqual(['200', '201', '400', '401', '403', '404', '409', '413', '415', '422', '429', '503']);
  });
});
