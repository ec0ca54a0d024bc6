import { once } from 'node:events';
import type { RequestHandler, Response } from 'express';
import { BulletinFormatQuerySchema } from '../../shared/schemas/api.schema.ts';
import type { ExportLine } from '../../shared/schemas/export.schema.ts';
import { validationError } from '../errors/app-error.ts';
import { exportLines } from '../store/history-records.ts';
import type { Store } from '../store/store.ts';
import { readableElectionId } from './election-id.ts';

async function writeLine(res: Response, line: ExportLine): Promise<void> {
  // Respect back-pressure: a slow download must not make the whole history sit in memory.
  if (!res.write(`${JSON.stringify(line)}\n`)) await once(res, 'drain');
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
