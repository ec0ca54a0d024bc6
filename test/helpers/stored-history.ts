import { Redis } from 'ioredis';
import { electionKeys } from '../../server/store/keys.ts';
import type { HistoryEntry } from '../../server/store/store.ts';
import type { FinalRead } from './history-checker.ts';

/** The bulletins an election's stored history holds, in stream order, as the history checker reads them. */
export async function storedHistory(url: string, prefix: string, electionId: string): Promise<FinalRead> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const readAt = performance.now();
    const raw = await redis.xrange(electionKeys(prefix, electionId).history, '-', '+');
    const entries = raw
      .map(([, fields]) => JSON.parse(fields[1] ?? 'null') as HistoryEntry)
      .flatMap((e) => (e.kind === 'bulletin' ? [{ version: e.version, id: e.bulletin.id }] : []));
    return { readAt, entries };
  } finally {
    redis.disconnect();
  }
}
