import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { t } from './i18n.ts';

/**
 * The marker every page and every graphics layout shows while an election is a rehearsal, in the
 * page's language ("TEST", "آزمایشی"): figures typed to practise must never be mistaken for results,
 * on a phone or on air.
 */
export const testMark = (): string => t('test.mark');

/** Whether the election is a rehearsal (`mode: test`). */
export const isRehearsal = (snapshot: Pick<Snapshot, 'mode'>): boolean => snapshot.mode === 'test';

/** A page or tab title with the marker in front while rehearsing: "TEST · Iran 2017 · Live results". */
export const markedTitle = (snapshot: Pick<Snapshot, 'mode'>, title: string): string => (isRehearsal(snapshot) ? t('test.markedTitle', { mark: testMark(), title }) : title);

/** The audience in the page's locale: "1 watching", "12,345 watching" (en), "۱۲٬۳۴۵ نفر در حال تماشا" (fa). */
export const audienceText = (audience: number): string => t('audience', { count: audience });
