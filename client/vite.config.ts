import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The three faces, built as plain multi-page TypeScript into dist/client, which the server serves
 * (server/http/pages.routes.ts). No inline script or style anywhere, so a strict Content-Security-Policy
 * (script-src 'self', style-src 'self') holds.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
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
        graphics: here('graphics.html'),
        console: here('console.html'),
        notFound: here('not-found.html'),
      },
    },
  },
});
