import { z } from 'zod';
import { BulletinSchema, type BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import { CallRequestSchema, type CallRequest } from '../../shared/schemas/call.schema.ts';
import { ElectionDefinitionSchema, ElectionIdSchema, type ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import { ExportHeaderSchema } from '../../shared/schemas/export.schema.ts';
import { zodIssues } from '../../shared/schemas/issues.ts';
import { NightDefinitionSchema, NightIdSchema, type NightDefinition } from '../../shared/schemas/night.schema.ts';

/**
 * One thing to send, from one line of a night file. `at` (ms) is when it happened, if the line says;
 * `electionId`, the contest it is for, when the line names one (a night of many contests), else the
 * replay's election.
 */
export type NightItem = { line: number; at: number | null; electionId?: string } & (
  | { kind: 'bulletin'; bulletin: BulletinInput }
  | { kind: 'definition'; definition: ElectionDefinition }
  | { kind: 'call'; call: CallRequest }
  /** A night of many contests, defined in its place (after the contests it holds). */
  | { kind: 'night'; nightId: string; night: NightDefinition }
);

export interface Night {
  /** The export's header line, when the file has one. */
  header: z.infer<typeof ExportHeaderSchema> | null;
  items: NightItem[];
}

const Time = z.iso.datetime({ offset: true }).optional();
const Contest = ElectionIdSchema.optional();
const BulletinLine = z.object({ type: z.literal('bulletin'), electionId: Contest, receivedAt: Time, bulletin: BulletinSchema }).loose();
const DefinitionLine = z.object({ type: z.literal('definition'), electionId: Contest, receivedAt: Time, definition: ElectionDefinitionSchema }).loose();
const CallLine = z.object({ type: z.literal('call'), electionId: Contest, receivedAt: Time, call: CallRequestSchema }).loose();
const NightLine = z.object({ type: z.literal('night'), nightId: NightIdSchema, receivedAt: Time, night: NightDefinitionSchema }).loose();
const contestOf = (entry: { electionId?: string | undefined }) => (entry.electionId ? { electionId: entry.electionId } : {});

/** A problem with one line, as "file:line: path: message". */
export class NightFileError extends Error {
  override name = 'NightFileError';
}

function issueText(error: z.ZodError, prefix = ''): string {
  const first = zodIssues(error)[0]!;
  const path = [prefix, first.path].filter(Boolean).join('.');
  return `${path ? `${path}: ` : ''}${first.message}`;
}

const timeOf = (text: string | undefined) => (text === undefined ? null : Date.parse(text));

/**
 * Reads a night: an export (`tallyroom export`, or `GET .../bulletins?format=ndjson`) or a hand-written
 * file of one bulletin per line. Every line is checked before anything is sent, so a typo on line 40
 * stops the replay before line 1 is posted. Blank lines and lines starting with `#` are skipped.
 */
export function parseNight(text: string, name = 'night'): Night {
  let header: Night['header'] = null;
  const items: NightItem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const where = `${name}:${line}`;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new NightFileError(`${where}: not JSON (${(error as Error).message})`);
    }
    const type = (value as { type?: unknown } | null)?.type;
    const read = <T>(schema: z.ZodType<T>, prefix = ''): T => {
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new NightFileError(`${where}: ${issueText(parsed.error, prefix)}`);
      return parsed.data;
    };
    if (type === 'election') {
      if (header || items.length > 0) throw new NightFileError(`${where}: an election header must be the first line`);
      header = read(ExportHeaderSchema);
    } else if (type === 'bulletin') {
      const entry = read(BulletinLine);
      items.push({ kind: 'bulletin', line, at: timeOf(entry.receivedAt ?? entry.bulletin.issuedAt), bulletin: (value as { bulletin: BulletinInput }).bulletin, ...contestOf(entry) });
    } else if (type === 'definition') {
      const entry = read(DefinitionLine);
      items.push({ kind: 'definition', line, at: timeOf(entry.receivedAt), definition: entry.definition, ...contestOf(entry) });
    } else if (type === 'call') {
      const entry = read(CallLine);
      items.push({ kind: 'call', line, at: timeOf(entry.receivedAt), call: entry.call, ...contestOf(entry) });
    } else if (type === 'night') {
      const entry = read(NightLine);
      items.push({ kind: 'night', line, at: timeOf(entry.receivedAt), nightId: entry.nightId, night: entry.night });
    } else if (type === 'end') {
      return;
    } else if (type === undefined) {
      const bulletin = read(BulletinSchema, 'bulletin');
      items.push({ kind: 'bulletin', line, at: timeOf(bulletin.issuedAt), bulletin: value as BulletinInput });
    } else {
      throw new NightFileError(`${where}: unknown line type ${JSON.stringify(type)}: expected election, bulletin, definition, call, night or a bare bulletin`);
    }
  });
  return { header, items };
}

/**
 * The wait before each item: the original spacing divided by `speed`, at most `maxGapMs`. Items
 * without a time, or earlier than the one before, go right after it.
 */
export function spacing(items: readonly Pick<NightItem, 'at'>[], speed: number, maxGapMs = Number.POSITIVE_INFINITY): number[] {
  let previous: number | null = null;
  return items.map(({ at }) => {
    const gap = at !== null && previous !== null ? Math.max(0, at - previous) / speed : 0;
    if (at !== null) previous = at;
    return Math.min(Number.isFinite(gap) ? gap : 0, maxGapMs);
  });
}
