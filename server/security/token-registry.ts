import { readFile } from 'node:fs/promises';
import { timingSafeEqual } from 'node:crypto';
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Logger } from 'pino';
import { ConfigError } from '../errors/config-error.ts';
import { TokenFileSchema, tokenDigest, type Role, type TokenSpec } from './token-spec.ts';

/** Who a request authenticated as: the label (shown in the history) and where the token may write. */
export interface Principal {
  label: string;
  role: Role;
  /** Null: every election. */
  elections: readonly string[] | null;
}

/** The outcome of presenting a token for a role. */
export type TokenCheck = { kind: 'ok'; principal: Principal } | { kind: 'unknown' } | { kind: 'wrong-role'; label: string; role: Role };

/** Whether a principal may act on an election. */
export function inScope(principal: Pick<Principal, 'elections'>, electionId: string): boolean {
  return principal.elections === null || principal.elections.includes(electionId);
}

/** Validates a tokens file's text (JSON or YAML; JSON is YAML). Throws naming the file and the field at fault. */
export function parseTokenFile(path: string, text: string): TokenSpec[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new Error(`${path}: not JSON or YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const nested = doc !== null && typeof doc === 'object' && !Array.isArray(doc) && 'tokens' in doc;
  const parsed = TokenFileSchema.safeParse(nested ? (doc as { tokens: unknown }).tokens : doc);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = [...(nested ? ['tokens'] : []), ...(first?.path ?? [])].join('.') || 'document';
    throw new Error(`${path}: ${where}: ${first?.message ?? 'invalid'} (expected a list of { label, role, sha256, elections? })`);
  }
  return parsed.data;
}

/** Read synchronously once, so a missing or bad file stops start-up with its reason. */
function readAtStart(file: string): TokenSpec[] {
  try {
    return parseTokenFile(file, readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`invalid configuration:\n  TOKENS_FILE: ${(error as Error).message}`);
  }
}

export interface TokenRegistryOptions {
  /** Tokens from the environment (`INGEST_TOKENS`, `DESK_TOKENS`): fixed for the process's life. */
  fixed: readonly TokenSpec[];
  /** `TOKENS_FILE`: re-read on `reload()` (SIGHUP) and when it changes. */
  file?: string | null;
  logger?: Pick<Logger, 'info' | 'error'>;
  /** How often the file's modification time is polled (ms). Polling, not inotify: it survives secret mounts swapped by symlink. */
  pollMs?: number;
}

/**
 * Every token the server accepts, kept as SHA-256 digests. A presented token is hashed and compared
 * with every digest in constant time, so timing tells nothing about which one nearly matched. The file
 * part is swapped whole on reload; a bad file keeps the previous tokens (and says so in the log).
 */
export function createTokenRegistry({ fixed, file = null, logger, pollMs = 2000 }: TokenRegistryOptions) {
  type Entry = Principal & { digest: Buffer };
  const toEntries = (specs: readonly TokenSpec[]): Entry[] => specs.map((s) => ({ label: s.label, role: s.role, elections: s.elections, digest: Buffer.from(s.sha256, 'hex') }));
  const fixedEntries = toEntries(fixed);
  let fileEntries: Entry[] = file ? toEntries(readAtStart(file)) : [];
  let watching = false;

  async function reload(): Promise<boolean> {
    if (!file) return false;
    try {
      fileEntries = toEntries(parseTokenFile(file, await readFile(file, 'utf8')));
      logger?.info({ file, tokens: fileEntries.length }, 'tokens file reloaded');
      return true;
    } catch (error) {
      logger?.error({ file, err: error }, 'tokens file not reloaded: keeping the previous tokens');
      return false;
    }
  }

  return {
    /** The principal a token stands for in `role`; every digest is compared, whatever the outcome. */
    check(presented: string, role: Role): TokenCheck {
      const candidate = Buffer.from(tokenDigest(presented), 'hex');
      let match: Entry | null = null;
      let other: Entry | null = null;
      for (const entry of [...fixedEntries, ...fileEntries]) {
        if (!timingSafeEqual(entry.digest, candidate)) continue;
        if (entry.role === role) match ??= entry;
        else other ??= entry;
      }
      if (match) return { kind: 'ok', principal: { label: match.label, role: match.role, elections: match.elections } };
      return other ? { kind: 'wrong-role', label: other.label, role: other.role } : { kind: 'unknown' };
    },
    /** Re-reads `TOKENS_FILE`; false (and the old tokens kept) when it is unset or invalid. */
    reload,
    /** Re-reads the file whenever its modification time changes. */
    watch() {
      if (!file || watching) return;
      watching = true;
      watchFile(file, { interval: pollMs, persistent: false }, (now, before) => {
        if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) void reload();
      });
    },
    /** Stops watching. Idempotent. */
    close() {
      if (file && watching) unwatchFile(file);
      watching = false;
    },
  };
}

export type TokenRegistry = ReturnType<typeof createTokenRegistry>;
