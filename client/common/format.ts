/**
 * Numbers and times in the reader's locale (the browser's languages). Formatters are built once:
 * Intl objects are costly to create and pages format on every update.
 */
import { formatProgress } from '../../shared/format/progress.ts';

const locales: readonly string[] | undefined = typeof navigator !== 'undefined' ? navigator.languages : undefined;

const count = new Intl.NumberFormat(locales, { maximumFractionDigits: 0 });
const change = new Intl.NumberFormat(locales, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
const compact = new Intl.NumberFormat(locales, { notation: 'compact', compactDisplay: 'long', maximumFractionDigits: 1 });
const percent1 = new Intl.NumberFormat(locales, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const pointChange = new Intl.NumberFormat(locales, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const time = new Intl.DateTimeFormat(locales, { hour: '2-digit', minute: '2-digit' });
const dateTime = new Intl.DateTimeFormat(locales, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** 14619000 -> "14,619,000" (en), "14.619.000" (de). */
export const formatCount = (n: number): string => count.format(n);

/** A change with its sign: "+8,881,000", "−120". Zero is "0". */
export const formatChange = (n: number): string => change.format(n);

/** Large figures in words: "4.5 million"; below a million, the exact count. */
export const formatLarge = (n: number): string => (Math.abs(n) >= 1_000_000 ? compact.format(n) : count.format(n));

/** A percentage given as 0-100: 62.5 -> "62.5%". */
export const formatPercent = (p: number): string => percent1.format(p / 100);

/**
 * How much is counted, as every page says it (shared/format/progress.ts in the reader's locale):
 * "62%", "> 99%" before a final bulletin, "< 1%" for a tiny count; null when unknown.
 */
export const formatCounted = (percentCounted: number | null, final: boolean): string | null => formatProgress(percentCounted, final, locales);

/** A change in percentage points: "+1.1 pts". */
export const formatPoints = (p: number): string => `${pointChange.format(p)} pts`;

const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/** A time in the reader's zone: "21:04" today, "20 May, 07:30" another day. */
export function formatTime(iso: string | number, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return sameDay(d, now) ? time.format(d) : dateTime.format(d);
}
