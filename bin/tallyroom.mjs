#!/usr/bin/env node
// The `tallyroom` command: runs the TypeScript CLI through tsx, as `npm start` runs the server.
import { register } from 'tsx/esm/api';

register();
process.env.TALLYROOM_CLI_MAIN = '1';
await import('../cli/main.ts');
