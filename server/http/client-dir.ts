import { fileURLToPath } from 'node:url';

/** Where `npm run build:client` (vite) writes the pages: served by the page routes, read by tests. */
export const CLIENT_DIR = fileURLToPath(new URL('../../dist/client', import.meta.url));
