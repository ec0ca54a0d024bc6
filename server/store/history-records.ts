import type { BulletinRecord } from '../../shared/schemas/api.schema.ts';
import type { CallRecord } from '../../shared/schemas/call.schema.ts';
import type { ExportLine } from '../../shared/schemas/export.schema.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { noSuchElection } from '../errors/app-error.ts';
import type { HistoryEntry, Store } from './store.ts';

/** History entries read per store call while exporting. */
const EXPORT_PAGE = 500;

/** A bulletin history entry as the API lists it (bulletin listing, export). */
export function bulletinRecord(e: Extract<HistoryEntry, { kind: 'bulletin' }>): BulletinRecord {
  return { version: e.version, receivedAt: e.at, by: e.by, bulletin: e.bulletin, warnings: e.warnings };
}

/** A call history entry as the API lists it (bulletin listing, export, `GET .../calls`). */
export function callRecord(e: Extract<HistoryEntry, { kind: 'call' }>): CallRecord {
  return { version: e.version, receivedAt: e.at, by: e.by, call: e.call };
}

/** One history entry as a line of the export. */
function exportLine(e: HistoryEntry): ExportLine {
  if (e.kind === 'bulletin') return { type: 'bulletin', ...bulletinRecord(e) };
  if (e.kind === 'call') return { type: 'call', ...callRecord(e) };
  return { type: 'definition', version: e.version, receivedAt: e.at, by: e.by, definition: e.definition };
}

/** Every line of a night, in version order, up to the version the election had when the export began. */
export async function* exportLines(store: Store, electionId: string, now = new Date(), page = EXPORT_PAGE): AsyncGenerator<ExportLine> {
  const stored = await store.load(electionId);
  if (!stored) throw noSuchElection(electionId);
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
