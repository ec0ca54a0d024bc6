/**
 * Numbers and times in the page's locale (shared/i18n/locale.ts: `?lang=`, the browser's languages,
 * the election's language), through the active @formatjs/intl object, which caches its Intl
 * formatters: pages format on every update.
 */
import { CHANGE_FORMAT, COUNT_FORMAT, PERCENT_FORMAT } from '../../shared/format/figures.ts';
import { formatProgress } from '../../shared/format/progress.ts';
import { intl, locale, t } from './i18n.ts';

/** 14619000 -> "14,619,000" (en), "14.619.000" (de), "۱۴٬۶۱۹٬۰۰۰" (fa-IR). */
export const formatCount = (n: number): string => intl().formatNumber(n, COUNT_FORMAT);

/** A change with its sign: "+8,881,000", "−120". Zero is "0". */
export const formatChange = (n: number): string => intl().formatNumber(n, CHANGE_FORMAT);

/** Large figures in words: "4.5 million", "۴٫۵ میلیون"; below a million, the exact count. */
export const formatLarge = (n: number): string =>
  Math.abs(n) >= 1_000_000 ? intl().formatNumber(n, { notation: 'compact', compactDisplay: 'long', maximumFractionDigits: 1 }) : formatCount(n);

/** A percentage given as 0-100: 62.5 -> "62.5%", "۶۲٫۵٪". */
export const formatPercent = (p: number): string => intl().formatNumber(p / 100, PERCENT_FORMAT);

/** A whole percentage given as 0-100 (a rule's threshold): 50 -> "50%". */
export const formatWholePercent = (p: number): string => intl().formatNumber(p / 100, { style: 'percent', maximumFractionDigits: 1 });

/**
 * How much is counted, as every page says it (shared/format/progress.ts in the page's locale):
 * "62%", "> 99%" before a final bulletin, "< 1%" for a tiny count; null when unknown.
 */
export const formatCounted = (percentCounted: number | null, final: boolean): string | null =>
  formatProgress(percentCounted, final, locale().locale, { over: (percent) => t('progress.over', { percent }), under: (percent) => t('progress.under', { percent }) });

/** A change in percentage points: "+1.1 pts". */
export const formatPoints = (p: number): string =>
  t('points', { points: intl().formatNumber(p, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }) });

const TIME = { hour: '2-digit', minute: '2-digit' } as const;
// `fa-IR` writes dates in the Solar Hijri calendar (Intl's default for the locale): "۳۰ اردیبهشت، ۰۷:۳۰".
const DATE_TIME = { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' } as const;

const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/** A time in the reader's zone: "21:04" today, "20 May, 07:30" another day. */
export function formatTime(iso: string | number, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return sameDay(d, now) ? intl().formatTime(d, TIME) : intl().formatDate(d, DATE_TIME);
}
