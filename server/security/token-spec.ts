import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ElectionIdSchema } from '../../shared/schemas/election.schema.ts';

/** What a token may do. `ingest`: define elections and post bulletins. `desk`: the desk calls. */
export const Role = {
  Ingest: 'ingest',
  Desk: 'desk',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/**
 * One configured token, as kept in memory: never the secret, only its SHA-256 (hex). `elections`
 * null means every election; a list limits the token to those.
 */
export interface TokenSpec {
  label: string;
  role: Role;
  elections: readonly string[] | null;
  sha256: string;
}

/** The SHA-256 of a token, hex: what `TOKENS_FILE` holds (`printf %s "$TOKEN" | sha256sum`). */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// Labels are shown in the bulletin history; ":", "," and "@" are the env syntax's separators.
const LabelSchema = z.string().regex(/^[^:,@\s][^:,@]{0,63}$/, { error: 'label must be 1-64 characters without ":", "," or "@"' });

/** Parses the `@e1|e2` scope of an env entry; the issue names the label. */
function parseScope(raw: string | undefined, label: string): { elections: string[] | null } | { problem: string } {
  if (raw === undefined) return { elections: null };
  const elections = raw.split('|').map((e) => e.trim());
  const bad = elections.find((e) => !ElectionIdSchema.safeParse(e).success);
  if (bad !== undefined) return { problem: `token "${label}": scope "${bad}" is not an election id` };
  return { elections };
}

/**
 * One env entry: `label:token@e1|e2`, `label:token`, `token@e1` or a bare `token` (labelled by its
 * position). Tokens are at least 16 characters and contain no ",", "@" or whitespace.
 */
export function parseTokenEntry(entry: string, index: number, role: Role): TokenSpec | { problem: string } {
  const at = entry.lastIndexOf('@');
  const [credential, scope] = at >= 0 ? [entry.slice(0, at), entry.slice(at + 1)] : [entry, undefined];
  const colon = credential.indexOf(':');
  const label = colon > 0 ? credential.slice(0, colon) : `${role === Role.Ingest ? 'token' : role}-${index + 1}`;
  const token = colon > 0 ? credential.slice(colon + 1) : credential;
  if (!LabelSchema.safeParse(label).success) return { problem: `token "${label}": label must be 1-64 characters without ":", "," or "@"` };
  if (token.length < 16 || /\s/.test(token)) return { problem: `token "${label}" is shorter than 16 characters or contains whitespace` };
  const parsedScope = parseScope(scope, label);
  if ('problem' in parsedScope) return parsedScope;
  return { label, role, elections: parsedScope.elections, sha256: tokenDigest(token) };
}

/** A comma-separated env list (`INGEST_TOKENS`, `DESK_TOKENS`) as token specs, as a zod transform. */
export function tokenListSchema(role: Role) {
  return z
    .string()
    .transform((raw, ctx): TokenSpec[] => {
      const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
      return entries.flatMap((entry, i) => {
        const spec = parseTokenEntry(entry, i, role);
        if ('problem' in spec) {
          ctx.addIssue({ code: 'custom', message: spec.problem });
          return [];
        }
        return [spec];
      });
    })
    .refine((tokens) => tokens.length > 0, { error: 'lists no token' });
}

/** One entry of `TOKENS_FILE`: the secret's SHA-256, never the secret. */
const FileEntrySchema = z.strictObject({
  label: LabelSchema,
  role: z.enum([Role.Ingest, Role.Desk]).default(Role.Ingest),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, { error: 'must be the 64 hex digits of the token\'s SHA-256' }).transform((h) => h.toLowerCase()),
  /** Omitted: every election. */
  elections: z.array(ElectionIdSchema).min(1).optional(),
});

/** `TOKENS_FILE`: a JSON or YAML list of entries (also accepted under a top-level `tokens:`). */
export const TokenFileSchema = z
  .array(FileEntrySchema)
  .transform((entries): TokenSpec[] => entries.map((e) => ({ label: e.label, role: e.role, elections: e.elections ?? null, sha256: e.sha256 })));
