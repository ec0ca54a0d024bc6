import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { formatCount } from './format.ts';

/**
 * The marker every page and every graphics layout shows while an election is a rehearsal: figures
 * typed to practise must never be mistaken for results, on a phone or on air.
 */
export const TEST_MARK = 'TEST';

/** Whether the election is a rehearsal (`mode: test`). */
export const isRehearsal = (snapshot: Pick<Snapshot, 'mode'>): boolean => snapshot.mode === 'test';

/** A page or tab title with the marker in front while rehearsing: "TEST · Iran 2017 · Live results". */
export const markedTitle = (snapshot: Pick<Snapshot, 'mode'>, title: string): string => (isRehearsal(snapshot) ? `${TEST_MARK} · ${title}` : title);

/** The audience in the reader's locale: "1 watching", "12,345 watching" (en), "12.345 watching" (de). */
export const audienceText = (audience: number): string => `${formatCount(audience)} watching`;
