import type { ReaderAccess } from '../security/reader-access.ts';
import type { Store } from '../store/store.ts';
import { createBulletinService } from './bulletin-service.ts';
import { createCallService } from './call-service.ts';
import { createDefinitionService } from './definition-service.ts';
import { createElectionWriter, type ElectionWriterDeps } from './election-writer.ts';
import { createGoLiveService } from './go-live-service.ts';

export interface IngestDeps {
  store: Store;
  /** Where committed changes go (the metered publisher). */
  publisher: ElectionWriterDeps['publish'];
  /** The reader check's cache of each election's visibility, which a pushed definition may change. */
  access: Pick<ReaderAccess, 'forget'>;
  /** Told of each committed election (the nights holding it update their line). */
  committed?: ElectionWriterDeps['committed'];
}

/** The services that change elections (bulletins, definitions, going live, desk calls), all through one writer. */
export function createIngest({ store, publisher, access, committed }: IngestDeps) {
  const writer = createElectionWriter({
    store,
    ...(committed ? { committed } : {}),
    publish: {
      delta: publisher.delta,
      snapshot: (snapshot) => {
        // A snapshot is pushed for a replaced definition (or going live), which may change who may read.
        access.forget(snapshot.electionId);
        publisher.snapshot(snapshot);
      },
    },
  });
  return {
    writer,
    bulletins: createBulletinService({ writer }),
    definitions: createDefinitionService({ writer }),
    goLive: createGoLiveService({ writer }),
    calls: createCallService({ store, writer }),
  };
}

export type Ingest = ReturnType<typeof createIngest>;
