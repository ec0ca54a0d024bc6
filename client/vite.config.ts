import { fileURLToPath } from 'node:url';
import { parse } from '@formatjs/icu-messageformat-parser';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The message catalogs (client/common/messages/*.json, client/console/messages/*.json) go out compiled to ICU ASTs, so the pages ship
 * @formatjs's runtime without its message parser (its documented "no-parser" build, about 40 % less):
 * the catalog test checks every message parses, and a page is never sent a message to parse.
 */
function precompiledMessages(): Plugin {
  const catalog = /client\/(common|console)\/messages\/[a-z-]+\.json$/;
  return {
    name: 'tallyroom:precompiled-messages',
    enforce: 'pre',
    transform(code, id) {
      if (!catalog.test(id.split('?')[0]!)) return null;
      const messages = JSON.parse(code) as Record<string, string>;
      const compiled = Object.fromEntries(Object.entries(messages).map(([key, text]) => [key, parse(text)]));
      return { code: JSON.stringify(compiled), map: null };
    },
  };
}

/**
 * The three faces, built as plain multi-page TypeScript into dist/client, which the server serves
 * (server/http/pages.routes.ts). No inline script or style anywhere, so a strict Content-Security-Policy
 * (script-src 'self', style-src 'self') holds.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [precompiledMessages()],
  resolve: {
    alias: [{ find: /^@formatjs\/icu-messageformat-parser$/, replacement: '@formatjs/icu-messageformat-parser/no-parser.js' }],
  },
  json: { stringify: false },
  logLevel: 'warn',
  build: {
    outDir: here('../dist/client'),
    emptyOutDir: true,
    target: 'es2022',
    // Fonts and icons as files, never data: URIs (CSP font-src/img-src 'self').
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: {
        home: here('index.html'),
        election: here('election.html'),
        night: here('night.html'),
        nightGraphics: here('night-graphics.html'),
        graphics: here('graphics.html'),
        console: here('console.html'),
        notFound: here('not-found.html'),
        // The OGraf graphic, at a fixed name beside its manifest and the SPX template (client/public/templates/).
        ograf: here('graphics/ograf/graphic.ts'),
      },
      // The graphic's class is its module's default export, which renderers import.
      preserveEntrySignatures: 'exports-only',
      output: {
        entryFileNames: (chunk) => (chunk.name === 'ograf' ? 'templates/tallyroom/tallyroom-results.mjs' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
