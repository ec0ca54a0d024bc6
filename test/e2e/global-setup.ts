import { build } from 'vite';

/** Browser tests run against the built pages, as users get them: build once before the e2e files. */
export default async function buildClient(): Promise<void> {
  await build({ configFile: new URL('../../client/vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
}
