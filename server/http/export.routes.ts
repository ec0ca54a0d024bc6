import { once } from 'node:events';
import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { ExportLine } from '../../shared/schemas/export.schema.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { AppError, validationError } from '../errors/app-error.ts';
import type { HistoryEntry, Store } from '../store/store.ts';
import { callRecord } from './calls.routes.ts';
import { readableElectionId } from './elections.routes.ts';

/** `?format=` of `GET .../bulletins`: `json` pages (the default), `ndjson` the whole night. */
export const BulletinFormatQuerySchema = z.object({ format: z.enum(['json', 'ndjson']).default('json') });

/** History entries read per store call while exporting. */
const EXPORT_PAGE = 500;

async function writeLine(res: Response, line: ExportLine): Promise<void> {
  // Respect back-pressure: a slow download must not make the whole history sit in memory.
  if (!res.write(`${JSON.stringify(line)}\n`)) await once(res, 'drain');
}

function exportLine(e: HistoryEntry): ExportLine {
  if (e.kind === 'bulletin') return { type: 'bulletin', version: e.version, receivedAt: e.at, by: e.by, bulletin: e.bulletin, warnings: e.warnings };
  if (e.kind === 'call') return { type: 'call', ...callRecord(e) };
  return { type: 'definition', version: e.version, receivedAt: e.at, by: e.by, definition: e.definition };
}

/** Every line of a night, in version order, up to the version the election had when the export began. */
export async function* exportLines(store: Store, electionId: string, now = new Date(), page = EXPORT_PAGE): AsyncGenerator<ExportLine> {
  const stored = await store.load(electionId);
  if (!stored) throw new AppError('not_found', `no election "${electionId}"`);
  const { version, epoch } = stored.state;
  yield { type: 'election', electionId, epoch, version, mode: buildSnapshot(stored).mode, exportedAt: now.toISOString(), definition: stored.definition };
  let lines = 1;
  for (let since = 0; since < version; ) {
    const entries = (await store.readHistory(electionId, since, page)).filter((e) => e.version <= version);
    for (const e of entries) {
      lines++;
      yield exportLine(e);
    }
    if (entries.length < page) break;
    since = entries.at(-1)!.version;
  }
  yield { type: 'end', version, lines: lines + 1 };
}

/**
 * `GET /api/elections/:electionId/bulletins?format=ndjson`: the whole night as NDJSON, streamed.
 * Passes to the paged JSON listing otherwise. A failure after the first line cuts the stream short
 * (no `end` line), so a reader can tell a partial export from a complete one.
 */
export function exportNight({ store }: { store: Store }): RequestHandler {
  return async (req, res, next) => {
    const query = BulletinFormatQuerySchema.safeParse({ format: req.query.format });
    if (!query.success) throw validationError(query.error, 'query');
    if (query.data.format !== 'ndjson') return next();
    const electionId = readableElectionId(String(req.params.electionId));
    const lines = exportLines(store, electionId);
    const first = await lines.next();
    res.status(200).type('application/x-ndjson').setHeader('content-disposition', `attachment; filename="${electionId}.ndjson"`);
    try {
      if (!first.done) await writeLine(res, first.value);
      for await (const line of lines) await writeLine(res, line);
      res.end();
    } catch (error) {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  };
}
