import type { Command } from 'commander';
import { createApiClient, type ApiClient } from './api-client.ts';

/** What every command gets: the environment read once, and where to write. */
export interface CliContext {
  env: { url?: string | undefined; token?: string | undefined };
  /** Results (stdout). */
  out: (line: string) => void;
  /** Progress and notes (stderr). */
  note: (line: string) => void;
  stderrIsTTY: boolean;
}

export const DEFAULT_URL = 'http://localhost:3000';

/** Adds `--to` (writes) or `--from` (reads), and `--token` for writes. */
export function serverOptions(command: Command, flag: '--to' | '--from', withToken: boolean): Command {
  command.option(`${flag} <url>`, `the server (default: $TALLYROOM_URL, else ${DEFAULT_URL})`);
  if (withToken) command.option('--token <token>', 'bearer token (default: $TALLYROOM_TOKEN, which keeps it out of `ps`)');
  return command;
}

/** The API client for a command's options. */
export function clientFor(ctx: CliContext, options: { to?: string; from?: string; token?: string }): ApiClient {
  return createApiClient({ baseUrl: options.to ?? options.from ?? ctx.env.url ?? DEFAULT_URL, token: options.token ?? ctx.env.token });
}

/** Collects a repeatable option into a list. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];
